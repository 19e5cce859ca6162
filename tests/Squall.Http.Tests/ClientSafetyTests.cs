using System.Text;

namespace Squall.Http.Tests;

/// <summary>
/// The client keeps secrets and side effects where the user meant them: credentials never follow a redirect to another
/// origin, and a request that may already have acted is never sent twice on its own.
/// </summary>
public sealed class ClientSafetyTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly IOLoop _loop = new();

    public ClientSafetyTests() => _loop.MakeCurrent();

    public void Dispose() => _loop.Dispose();

    private T Run<T>(Func<Future<T>> body) => _loop.RunSync(body, Timeout);

    private static string Ok(string body, bool close = true) =>
        $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n{(close ? "Connection: close\r\n" : "")}\r\n{body}";

    private static HttpRequest WithCredentials(string url)
    {
        var request = new HttpRequest(url) { AuthUsername = "user", AuthPassword = "secret" };
        request.Headers.Add("Cookie", "session=abc");
        request.Headers.Add("Proxy-Authorization", "Basic cHJveHk6cHc=");
        request.Headers.Add("X-Other", "kept");
        return request;
    }

    [Fact]
    public void ARedirectToAnotherOriginDropsCredentials()
    {
        using var landing = new ScriptedPeer(c =>
        {
            c.ReadRequest();
            c.Send(Ok("landed"));
        });
        using var origin = new ScriptedPeer(c =>
        {
            c.ReadRequest();
            c.Send($"HTTP/1.1 302 Found\r\nLocation: {landing.Url("/landing")}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        });
        var request = WithCredentials(origin.Url("/start"));
        request.Headers.Add("Authorization", "Bearer token"); // explicit header instead of (and beside) basic auth
        var response = Run(() => new AsyncHttpClient().Fetch(request));

        Assert.Equal("landed", response.Text);
        string first = Assert.Single(origin.Requests);
        Assert.Contains("\r\nCookie: session=abc", first);
        Assert.Contains("\r\nAuthorization: Bearer token", first);
        string second = Assert.Single(landing.Requests);
        Assert.StartsWith("GET /landing HTTP/1.1\r\n", second);
        Assert.DoesNotContain("Authorization", second, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Cookie", second, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\r\nX-Other: kept", second);
        // The caller's request is left as it was.
        Assert.Equal("session=abc", request.Headers["Cookie"]);
        Assert.Equal("user", request.AuthUsername);
    }

    [Fact]
    public void ARedirectWithinTheOriginKeepsCredentials()
    {
        using var origin = new ScriptedPeer(c =>
        {
            c.ReadRequest();
            c.Send("HTTP/1.1 307 Temporary Redirect\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n");
            c.ReadRequest();
            c.Send(Ok("next"));
        });
        var response = Run(() => new AsyncHttpClient().Fetch(WithCredentials(origin.Url("/start"))));

        Assert.Equal("next", response.Text);
        Assert.Equal(2, origin.Requests.Count);
        string second = origin.Requests[1];
        Assert.StartsWith("GET /next HTTP/1.1\r\n", second);
        Assert.Contains("\r\nAuthorization: Basic " + Convert.ToBase64String("user:secret"u8.ToArray()), second);
        Assert.Contains("\r\nCookie: session=abc", second);
        Assert.Contains("\r\nProxy-Authorization: Basic cHJveHk6cHc=", second);
    }

    /// <summary>The first request leaves a keep-alive connection in the pool; the second is read, then the server dies.</summary>
    private static ScriptedPeer DiesAfterReadingTheSecondRequest() => new(
        c =>
        {
            c.ReadRequest();
            c.Send(Ok("first", close: false));
            c.ReadRequest();
            c.Close(); // it may have acted on the request: the client cannot know
        },
        c =>
        {
            c.ReadRequest();
            c.Send(Ok("retried"));
        });

    [Fact]
    public void APostIsNotSentAgainAfterTheConnectionDiedUnderIt()
    {
        using var peer = DiesAfterReadingTheSecondRequest();
        var client = new AsyncHttpClient();
        var error = Run(async () =>
        {
            await client.Fetch(peer.Url("/first"));
            try
            {
                await client.Fetch(new HttpRequest(peer.Url("/pay")) { Method = "POST", Body = "once"u8.ToArray() });
                return null;
            }
            catch (HttpClientError e)
            {
                return e;
            }
        });

        Assert.NotNull(error);
        Assert.Equal(599, error.Code);
        Assert.Equal(["GET /first", "POST /pay"], peer.Requests.Select(r => r[..r.IndexOf(" HTTP", StringComparison.Ordinal)]));
        Assert.Equal(1, peer.Accepted);
    }

    [Fact]
    public void AGetIsRetriedOnceOnAFreshConnection()
    {
        using var peer = DiesAfterReadingTheSecondRequest();
        var client = new AsyncHttpClient();
        var response = Run(async () =>
        {
            await client.Fetch(peer.Url("/first"));
            return await client.Fetch(peer.Url("/read"));
        });

        Assert.Equal("retried", response.Text);
        Assert.Equal(["GET /first", "GET /read", "GET /read"], peer.Requests.Select(r => r[..r.IndexOf(" HTTP", StringComparison.Ordinal)]));
        Assert.Equal(2, peer.Accepted);
    }

    /// <summary>The pool drops a connection once the loop has seen its close, so the POST is sent once, on a new one.</summary>
    [Fact]
    public void APostAfterTheServerClosedAnIdleConnectionGoesOnAFreshOne()
    {
        var idleClosed = new ManualResetEventSlim();
        using var peer = new ScriptedPeer(
            c =>
            {
                c.ReadRequest();
                c.Send(Ok("first", close: false));
                c.Close(); // an idle timeout on the server: nothing of the next request was sent yet
                idleClosed.Set();
            },
            c =>
            {
                c.ReadRequest();
                c.Send(Ok("paid"));
            });
        var client = new AsyncHttpClient();
        var response = Run(async () =>
        {
            await client.Fetch(peer.Url("/first"));
            // Wait (off the loop) for the server's close, then come back to the loop for the POST.
            await Future.FromTask(Task.Run(() => idleClosed.Wait(Timeout)));
            return await client.Fetch(new HttpRequest(peer.Url("/pay")) { Method = "POST", Body = "once"u8.ToArray() });
        });

        Assert.Equal("paid", response.Text);
        Assert.Equal(["GET /first", "POST /pay"], peer.Requests.Select(r => r[..r.IndexOf(" HTTP", StringComparison.Ordinal)]));
        Assert.Equal(2, peer.Accepted);
    }
}
