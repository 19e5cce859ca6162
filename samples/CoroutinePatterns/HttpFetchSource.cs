using Squall.Http;

namespace Squall.Samples.CoroutinePatterns;

/// <summary>
/// Fetches for real over HTTP with <see cref="AsyncHttpClient"/>; the future completes with the body as text, or
/// fails with <see cref="HttpClientError"/> (a 404 carries its code and response).
/// </summary>
public sealed class HttpFetchSource(AsyncHttpClient? client = null) : IFetchSource
{
    private readonly AsyncHttpClient _client = client ?? AsyncHttpClient.Shared;

    /// <summary>How many fetches were started.</summary>
    public int FetchCount { get; private set; }

    /// <inheritdoc />
    public Future<string> Fetch(string url)
    {
        FetchCount++;
        return Text(_client.Fetch(url));
    }

    private static async Future<string> Text(Future<HttpResponse> response) => (await response).Text;
}

/// <summary>
/// A chunk stream whose chunks are fetched one request each (<c>{baseUrl}/chunk/{i}</c>) through an
/// <see cref="IFetchSource"/>; null after <c>count</c> chunks.
/// </summary>
public sealed class FetchedChunkSource(IFetchSource source, string baseUrl, int count) : IChunkSource
{
    private int _next;

    /// <inheritdoc />
    public Future<string?> FetchNextChunk()
    {
        if (_next >= count) return Future.FromResult<string?>(null);
        return AsNullable(source.Fetch($"{baseUrl}/chunk/{_next++}"));
    }

    private static async Future<string?> AsNullable(Future<string> chunk) => await chunk;
}
