using Squall.Testing;

namespace Squall.Web.Tests;

/// <summary>Handlers with async verbs that the generator proved safe are reused, and a reused one starts clean.</summary>
public sealed class PooledAsyncHandlerTests : IDisposable
{
    private readonly AsyncHttpTestServer _server = new(Squall.Generated.Routes.Table, new ApplicationSettings { Logger = new ListLogger() });

    public void Dispose() => _server.Dispose();

    [Fact]
    public void AnAsyncHandlerProvedSafeIsReusedAndStartsEachRequestClean()
    {
        int before = Volatile.Read(ref PooledAsyncHandler.Created);
        for (int i = 1; i <= 5; i++)
        {
            var r = _server.Fetch("/pooled-async/" + i);
            Assert.Equal(200, r.Code);
            // Headers, status and body of the previous request on the same instance are gone.
            Assert.Equal("request " + i + " x-seen=no status=200", r.Text);
            Assert.Equal("set by " + i, r.Headers["X-Seen"]);
        }
        // One instance for five sequential requests on the server's loop: the first was created, the rest reused it.
        Assert.Equal(before + 1, Volatile.Read(ref PooledAsyncHandler.Created));
    }

    [Fact]
    public void AnAsyncHandlerWithALambdaIsNeverReused()
    {
        int before = Volatile.Read(ref UnpooledAsyncHandler.Created);
        for (int i = 0; i < 3; i++) Assert.Equal("unpooled 200", _server.Fetch("/unpooled-async").Text);
        Assert.Equal(before + 3, Volatile.Read(ref UnpooledAsyncHandler.Created));
    }
}
