namespace Squall.Http.Tests;

/// <summary>
/// An idle keep-alive connection holds no request: after its response the request object (headers, handler state)
/// goes back to the server's pool, and the next request on any connection gets it; a handler still running after
/// Finish keeps its own request until it is done.
/// </summary>
public sealed class IdleConnectionTests
{
    private sealed class RecordingHandler : IHttpHandler
    {
        public readonly List<HttpServerRequest> Seen = []; // loop thread only
        public Future? Gate;
        public readonly TaskCompletionSource<string> UriAfterGate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Future RequestReceived(HttpServerRequest request)
        {
            Seen.Add(request);
            var c = request.Connection;
            c.WriteHeaders(200);
            c.Write("ok"u8);
            c.Finish();
            return request.Path == "/linger" ? LingerAsync(request) : Future.Completed;
        }

        private async Future LingerAsync(HttpServerRequest request)
        {
            Gate = new Future();
            await Gate;
            UriAfterGate.SetResult(request.Uri); // the response is long sent; the request must still be this one
        }
    }

    private static void Get(RawClient client, string path)
    {
        client.Send($"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = client.ReadResponse();
        Assert.Equal(200, response.Status);
        Assert.Equal("ok", response.BodyText);
    }

    [Fact]
    public void IdleKeepAliveConnectionGivesItsRequestBackToThePool()
    {
        var handler = new RecordingHandler();
        using var server = new ServerOnThread(handler);
        using var a = new RawClient(server.Port);
        using var b = new RawClient(server.Port);
        Get(a, "/a");
        Get(b, "/b"); // a idles with its connection open: b's request reuses the object a no longer holds
        Get(a, "/c");
        Assert.True(server.OnLoop(() => handler.Seen.Count == 3
                                         && ReferenceEquals(handler.Seen[0], handler.Seen[1])
                                         && ReferenceEquals(handler.Seen[1], handler.Seen[2])));
        Assert.Equal(2, server.ConnectionCount);
    }

    [Fact]
    public void HandlerRunningAfterFinishKeepsItsRequestWhileTheConnectionServesTheNext()
    {
        var handler = new RecordingHandler();
        using var server = new ServerOnThread(handler);
        using var a = new RawClient(server.Port);
        using var b = new RawClient(server.Port);
        Get(a, "/linger");
        Get(a, "/next");
        Get(b, "/other");
        Assert.True(server.OnLoop(() =>
            !ReferenceEquals(handler.Seen[0], handler.Seen[1]) && !ReferenceEquals(handler.Seen[0], handler.Seen[2])));
        server.OnLoop(() =>
        {
            handler.Gate!.SetResult();
            return true;
        });
        Assert.True(handler.UriAfterGate.Task.Wait(TimeSpan.FromSeconds(30)), "the lingering handler never resumed");
        Assert.Equal("/linger", handler.UriAfterGate.Task.Result);
        Get(a, "/after"); // the connection still serves
        Assert.DoesNotContain(server.Log.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }
}

