namespace Squall.Samples.CoroutinePatterns;

/// <summary>
/// Where the patterns "fetch" from. Local for now (a timer stands in for the network); the HTTP client issue swaps in
/// an implementation over <c>AsyncHttpClient.Fetch</c> without touching the patterns.
/// </summary>
public interface IFetchSource
{
    /// <summary>Fetches <paramref name="url"/>; the future completes with the body.</summary>
    Future<string> Fetch(string url);
}

/// <summary>
/// A fetch source on the loop's timers: each fetch answers after <see cref="Latency"/> with
/// <c>"body of {url}"</c>; a URL containing <c>/missing</c> fails, like a 404.
/// </summary>
public sealed class LocalFetchSource(TimeSpan latency) : IFetchSource
{
    /// <summary>How long each fetch takes.</summary>
    public TimeSpan Latency { get; } = latency;

    /// <summary>How many fetches were started.</summary>
    public int FetchCount { get; private set; }

    /// <inheritdoc />
    public Future<string> Fetch(string url)
    {
        FetchCount++;
        var response = new Future<string>();
        IOLoop.Current.CallLater(Latency, () =>
        {
            if (url.Contains("/missing", StringComparison.Ordinal)) response.SetException(new InvalidOperationException($"404: {url}"));
            else response.SetResult($"body of {url}");
        });
        return response;
    }
}
