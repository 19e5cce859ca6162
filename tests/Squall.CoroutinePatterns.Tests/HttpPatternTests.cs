using Squall.Http;
using Squall.Samples.CoroutinePatterns;

namespace Squall.CoroutinePatterns.Tests;

/// <summary>The fetch patterns over real HTTP: the sample's server on 127.0.0.1:0 and AsyncHttpClient.</summary>
public sealed class HttpPatternTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly IOLoop _loop = new();
    private readonly PatternServer _server;
    private readonly HttpFetchSource _source = new(new AsyncHttpClient());

    public HttpPatternTests()
    {
        _loop.MakeCurrent();
        _server = new PatternServer(TimeSpan.FromMilliseconds(10));
    }

    public void Dispose()
    {
        _server.Dispose();
        _loop.Dispose();
    }

    private T Run<T>(Func<Future<T>> body) => _loop.RunSync(body, Timeout);

    private string Url => _server.BaseUrl + "/page";

    private string Body => "body of " + Url;

    [Fact]
    public void Callback_future_yield_async_and_wrapped_styles_fetch_over_http()
    {
        Assert.Equal(Body, Run(() => Patterns.CallbackStyle(_source, Url)));
        Assert.Equal(Body, Run(() => Patterns.AsyncFetchFuture(_source, Url)));
        Assert.Equal(Body, Run(() => Patterns.YieldStyleCoroutine(_source, Url)));
        Assert.Equal(Body, Run(() => Patterns.FetchCoroutine(_source, Url)));
        Assert.Equal(Body, Run(() => Patterns.WrappedCallback(_source, Url)));
        Assert.Equal(5, _server.Requests);
    }

    [Fact]
    public void A_404_arrives_through_the_future()
    {
        var e = Assert.Throws<HttpClientError>(() => Run(() => Patterns.AsyncFetchFuture(_source, _server.BaseUrl + "/missing")));
        Assert.Equal(404, e.Code);
    }

    [Fact]
    public void Parallel_list_and_dictionary_fetch_over_http()
    {
        var urls = new[] { _server.BaseUrl + "/a", _server.BaseUrl + "/b", _server.BaseUrl + "/c" };
        var r = Run(() => Patterns.ParallelFetch(_source, urls));
        Assert.Equal(urls.Select(u => "body of " + u), r.ByPosition);
        Assert.Equal(urls.Length, r.ByUrl.Count);
        Assert.Equal(6, _server.Requests);
    }

    [Fact]
    public void Holding_the_next_chunk_future_over_http()
    {
        var r = Run(() => Patterns.ConsumeChunks(() => new FetchedChunkSource(_source, _server.BaseUrl, 4), TimeSpan.FromMilliseconds(30)));
        Assert.Equal(["chunk 0 ", "chunk 1 ", "chunk 2 ", "chunk 3 "], r.Chunks);
        // Both variants fetched every chunk over HTTP (the overlap's timing is asserted on local timers in PatternTests,
        // where the margins do not depend on a shared machine's HTTP round trips).
        Assert.Equal(8, _server.Requests);
    }
}
