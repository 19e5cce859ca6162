namespace Squall.Samples.CoroutinePatterns;

/// <summary>A stream read one chunk at a time (Tornado's <c>fetch_next_chunk</c>); null marks the end.</summary>
public interface IChunkSource
{
    /// <summary>Asks for the next chunk; null means the stream ended.</summary>
    Future<string?> FetchNextChunk();
}
