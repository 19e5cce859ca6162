namespace Squall.Samples.CoroutinePatterns;

/// <summary>
/// A producer coroutine serving chunk requests from an <see cref="AsyncQueue{T}"/>: each
/// <see cref="FetchNextChunk"/> queues a request, the producer takes requests in order, spends
/// <c>latency</c> making the chunk and answers it; after the last chunk every request gets null (end of stream).
/// It stands in for a streaming download (Tornado's <c>fetch_next_chunk</c>).
/// </summary>
public sealed class ChunkProducer : IChunkSource
{
    private readonly AsyncQueue<Future<string?>> _requests = new();
    private readonly IReadOnlyList<string> _chunks;
    private readonly TimeSpan _latency;

    /// <summary>Starts the producer on the current loop.</summary>
    public ChunkProducer(IReadOnlyList<string> chunks, TimeSpan latency)
    {
        _chunks = chunks;
        _latency = latency;
        IOLoop.Current.SpawnCallback(Serve);
    }

    /// <summary>Asks for the next chunk; null means the stream ended.</summary>
    public Future<string?> FetchNextChunk()
    {
        var reply = new Future<string?>();
        _requests.PutNowait(reply);
        return reply;
    }

    private async Future Serve()
    {
        int next = 0;
        await foreach (var reply in _requests)
        {
            if (next < _chunks.Count)
            {
                await Gen.Sleep(_latency);
                reply.SetResult(_chunks[next++]);
            }
            else
            {
                reply.SetResult(null);
            }
            _requests.TaskDone();
        }
    }
}
