using System.Net;
using System.Text;
using Squall.Http;

namespace Squall.Http.Tests;

/// <summary>AsyncHttpClient against our own server (running on its own thread), driven from a test loop.</summary>
public sealed class AsyncHttpClientTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly ServerOnThread _server = new(new TestHandler());
    private readonly IOLoop _loop = new();

    public AsyncHttpClientTests() => _loop.MakeCurrent();

    public void Dispose()
    {
        _loop.Dispose();
        _server.Dispose();
    }

    private string Url(string path) => $"http://127.0.0.1:{_server.Port}{path}";

    private T Run<T>(Func<Future<T>> body) => _loop.RunSync(body, Timeout);

    [Fact]
    public void FetchesAndReusesTheConnection()
    {
        var client = new AsyncHttpClient();
        var (first, second) = Run(async () =>
        {
            var a = await client.Fetch(Url("/hello"));
            var b = await client.Fetch(Url("/path?x=1"));
            return (a, b);
        });
        Assert.Equal(200, first.Code);
        Assert.Equal("OK", first.Reason);
        Assert.Equal("Hello, World!", first.Text);
        Assert.Equal("text/plain", first.Headers["Content-Type"]);
        Assert.Equal(Url("/hello"), first.EffectiveUrl);
        Assert.True(first.RequestTime > TimeSpan.Zero);
        Assert.Equal("/path|x=1|HTTP/1.1", second.Text);
        Assert.Equal(1, _server.ConnectionCount);
    }

    [Fact]
    public void ChunkedResponsesAndPostBodies()
    {
        var client = new AsyncHttpClient();
        var (chunked, echo, method) = Run(async () =>
        {
            var c = await client.Fetch(Url("/flush"));
            var e = await client.Fetch(new HttpRequest(Url("/echo")) { Method = "POST", Body = Encoding.ASCII.GetBytes("payload") });
            var m = await client.Fetch(new HttpRequest(Url("/method")) { Method = "PUT", Body = "x"u8.ToArray() });
            return (c, e, m);
        });
        Assert.Equal("first,second", chunked.Text);
        Assert.Equal("payload", echo.Text);
        Assert.Equal("PUT:x", method.Text);
    }

    [Fact]
    public void Non2xxRaisesUnlessRaiseErrorIsFalse()
    {
        var client = new AsyncHttpClient();
        var error = Run(async () =>
        {
            try
            {
                await client.Fetch(Url("/missing"));
                return null;
            }
            catch (HttpClientError e)
            {
                return e;
            }
        });
        Assert.NotNull(error);
        Assert.Equal(404, error.Code);
        Assert.Equal("not found", error.Response!.Text);
        var response = Run(() => client.Fetch(new HttpRequest(Url("/missing")), raiseError: false));
        Assert.Equal(404, response.Code);
    }

    [Theory]
    [InlineData(301, "GET:")]
    [InlineData(302, "GET:")]
    [InlineData(303, "GET:")]
    [InlineData(307, "POST:body")]
    [InlineData(308, "POST:body")]
    public void RedirectsChangeOrKeepTheMethod(int code, string expected)
    {
        var client = new AsyncHttpClient();
        var target = Uri.EscapeDataString("/method");
        var response = Run(() => client.Fetch(new HttpRequest(Url($"/redirect?code={code}&to={target}")) { Method = "POST", Body = "body"u8.ToArray() }));
        Assert.Equal(expected, response.Text);
        Assert.Equal(Url("/method"), response.EffectiveUrl);
    }

    [Fact]
    public void RedirectLimitReturnsTheRedirect()
    {
        var client = new AsyncHttpClient();
        var loop = Uri.EscapeDataString("/redirect?code=302&to=%2Fhello");
        var response = Run(() => client.Fetch(new HttpRequest(Url($"/redirect?code=302&to={loop}")) { MaxRedirects = 1 }, raiseError: false));
        Assert.Equal(302, response.Code);
        var noFollow = Run(() => client.Fetch(new HttpRequest(Url("/redirect?code=302&to=/hello")) { FollowRedirects = false }, raiseError: false));
        Assert.Equal(302, noFollow.Code);
        Assert.Equal("/hello", noFollow.Headers["Location"]);
    }

    [Fact]
    public void ConnectionRefusedIs599()
    {
        int port;
        using (var l = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp))
        {
            l.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)l.LocalEndPoint!).Port;
        }
        var client = new AsyncHttpClient();
        var error = Run(async () =>
        {
            try { await client.Fetch($"http://127.0.0.1:{port}/"); return null; }
            catch (HttpClientError e) { return e; }
        });
        Assert.Equal(599, error!.Code);
        Assert.Null(error.Response);
    }

    [Fact]
    public void RequestTimeoutIs599()
    {
        var client = new AsyncHttpClient();
        var error = Run(async () =>
        {
            try { await client.Fetch(new HttpRequest(Url("/hang")) { RequestTimeout = TimeSpan.FromMilliseconds(200) }); return null; }
            catch (HttpClientError e) { return e; }
        });
        Assert.Equal(599, error!.Code);
        Assert.Contains("Timeout", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ARequestTimesOutAtItsTimeoutOnTheLoopClockAndNotATickBefore()
    {
        // The client's loop runs on a clock the test moves: the timeout is asserted to the tick, whatever the load.
        var clock = new ManualClock();
        using var loop = new IOLoop(new IOLoopOptions { Clock = () => clock.Now });
        var handler = new TestHandler();
        using var server = new ServerOnThread(handler);
        var client = new AsyncHttpClient();
        var timeout = TimeSpan.FromSeconds(10);
        // RunSync's own timeout would be a timer on the manual clock: the hang guard runs on real time instead.
        using var guard = new Timer(_ => loop.Stop(), null, TimeSpan.FromSeconds(60), System.Threading.Timeout.InfiniteTimeSpan);
        var (pendingAtTheLastTick, response) = loop.RunSync(async () =>
        {
            var answered = new Future<HttpResponse>();
            client.Fetch(new HttpRequest($"http://127.0.0.1:{server.Port}/hang") { RequestTimeout = timeout, ConnectTimeout = TimeSpan.FromHours(1) },
                r => answered.SetResult(r));
            // The request is with the server (which never answers /hang) before the clock moves.
            await loop.RunInExecutor(() => server.WaitUntil(() => handler.Seen.Contains("GET /hang"), "the server to get /hang"));
            clock.Advance(ManualClock.Ticks(timeout) - 1);
            // Two turns: the first one's timer pass (after its callbacks) ran on the new time.
            await Gen.Moment;
            await Gen.Moment;
            bool pending = !answered.IsDone;
            clock.Advance(1);
            return (pending, await answered);
        });
        Assert.True(pendingAtTheLastTick, "the request timed out before its timeout");
        Assert.Equal(599, response.Code);
        var error = Assert.IsType<HttpClientError>(response.Error);
        Assert.Equal("HTTP 599: Timeout during request", error.Message);
        Assert.Equal(timeout, response.RequestTime);
    }

    [Fact]
    public void MaxClientsQueuesTheRest()
    {
        var client = new AsyncHttpClient { MaxClients = 2 };
        var (bodies, queuedAtStart) = Run(async () =>
        {
            var futures = Enumerable.Range(0, 6).Select(i => client.Fetch(Url($"/path?i={i}"))).ToList();
            int queued = client.QueuedRequests;
            var results = new List<string>();
            foreach (var f in futures) results.Add((await f).Text);
            return (results.ToArray(), queued);
        });
        Assert.Equal(4, queuedAtStart);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"/path|i={i}|HTTP/1.1"), bodies);
        Assert.Equal(0, client.ActiveRequests);
    }

    [Fact]
    public void CallbackStyleGetsResponseAndErrors()
    {
        var client = new AsyncHttpClient();
        var (ok, failed) = Run(async () =>
        {
            var a = new Future<HttpResponse>();
            var b = new Future<HttpResponse>();
            client.Fetch(Url("/hello"), r => a.SetResult(r));
            client.Fetch(new HttpRequest(Url("/hang")) { RequestTimeout = TimeSpan.FromMilliseconds(100) }, r => b.SetResult(r));
            return (await a, await b);
        });
        Assert.Equal("Hello, World!", ok.Text);
        Assert.Equal(599, failed.Code);
        // On a loaded machine the 100 ms may run out while connecting or while waiting for /hang: either way a 599
        // whose cause is the timeout.
        var error = Assert.IsType<HttpClientError>(failed.Error);
        Assert.Equal(599, error.Code);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.StartsWith("HTTP 599: Timeout ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StreamingAndHeaderCallbacks()
    {
        var client = new AsyncHttpClient();
        var chunks = new List<byte[]>();
        var lines = new List<string>();
        var response = Run(() => client.Fetch(new HttpRequest(Url("/flush"))
        {
            StreamingCallback = m => chunks.Add(m.ToArray()),
            HeaderCallback = lines.Add,
        }));
        Assert.True(response.Body.IsEmpty);
        Assert.Equal("first,second", Encoding.ASCII.GetString(chunks.SelectMany(c => c).ToArray()));
        Assert.Equal("HTTP/1.1 200 OK\r\n", lines[0]);
        Assert.Equal("\r\n", lines[^1]);
        Assert.Contains("Transfer-Encoding: chunked\r\n", lines);
    }

    [Fact]
    public void BasicAuthHeaderIsSent()
    {
        var client = new AsyncHttpClient();
        var response = Run(() => client.Fetch(new HttpRequest(Url("/auth")) { AuthUsername = "user", AuthPassword = "pa:ss" }));
        Assert.Equal("Basic " + Convert.ToBase64String("user:pa:ss"u8.ToArray()), response.Text);
    }

    [Fact]
    public void HeadAndLargeBodies()
    {
        var client = new AsyncHttpClient();
        var (head, big) = Run(async () =>
        {
            var h = await client.Fetch(new HttpRequest(Url("/hello")) { Method = "HEAD" });
            var b = await client.Fetch(Url("/big"));
            return (h, b);
        });
        Assert.Equal("13", head.Headers["Content-Length"]);
        Assert.True(head.Body.IsEmpty);
        Assert.Equal(1024 * 1024, big.Body.Length);
    }

    [Fact]
    public void Ipv6Literal()
    {
        using var server6 = new ServerOnThread(new TestHandler(), address: "::1");
        var client = new AsyncHttpClient();
        var response = Run(() => client.Fetch($"http://[::1]:{server6.Port}/remote"));
        Assert.Equal("::1 http", response.Text);
    }
}
