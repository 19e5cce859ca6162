using System.Net.Sockets;
using Squall.Http;
using Squall.IO;
using TcpClient = Squall.IO.TcpClient;

namespace Squall.Tls.Tests;

/// <summary>
/// Connections still in their TLS handshake count as open connections of an <see cref="HttpServer"/>, and shutdown
/// closes them at once: a silent half-open client must not hold a graceful shutdown until its handshake timeout.
/// </summary>
public sealed class TlsShutdownTests(TestCertificates certs) : TlsTestBase(certs)
{
    private const int Silent = 20;

    // Far longer than every await of a test (Step): a shutdown that waited for it would fail the test, not pass late.
    private static readonly TimeSpan LongHandshakeTimeout = TimeSpan.FromMinutes(10);

    private sealed class Hello : IHttpHandler
    {
        public HttpBodyMode HeadersReceived(HttpServerRequest request) => HttpBodyMode.Buffered;

        public void DataReceived(HttpServerRequest request, ReadOnlySpan<byte> chunk) { }

        public Future RequestReceived(HttpServerRequest request)
        {
            request.Connection.WriteHeaders(200, null, new HttpHeaders { { "Content-Type", "text/plain" } });
            request.Connection.Write("hello"u8);
            request.Connection.Finish();
            return Future.Completed;
        }
    }

    /// <summary>An HTTPS server whose <paramref name="started"/> completes once <paramref name="count"/> handshakes are under way.</summary>
    private HttpServer StartHttpsServer(int count, Future started)
    {
        var server = new HttpServer(new Hello(), new HttpServerSettings { SslOptions = ServerOptions(), HandshakeTimeout = LongHandshakeTimeout });
        server.HandshakeStartedHook = () =>
        {
            if (server.HandshakesInProgress == count) started.TrySetResult();
        };
        server.Listen(0, "127.0.0.1");
        return server;
    }

    /// <summary>Opens <paramref name="count"/> TCP connections that never say a word (off the loop).</summary>
    private Future<List<Socket>> ConnectSilently(int port, int count) => Loop.RunInExecutor(() =>
    {
        var list = new List<Socket>(count);
        for (int i = 0; i < count; i++) list.Add(RawConnect(port));
        return list;
    });

    /// <summary>Blocks until the server has closed every socket (a read sees the end) and disposes them; returns how many ended.</summary>
    private Future<int> ReadToEndAndDispose(List<Socket> sockets) => Loop.RunInExecutor(() =>
    {
        int ended = 0;
        var buffer = new byte[64];
        foreach (var s in sockets)
        {
            if (s.Receive(buffer) == 0) ended++;
            s.Dispose();
        }
        return ended;
    });

    /// <summary>
    /// One whole HTTPS exchange on a throwaway server, so every assembly it needs is loaded (the runtime keeps a
    /// descriptor per loaded assembly) before a test counts descriptors.
    /// </summary>
    private async Future WarmUp()
    {
        var started = new Future();
        var server = StartHttpsServer(1, started);
        var client = await Within(TcpClient.Connect("127.0.0.1", server.BoundPort, Step, sslOptions: ClientOptions()));
        await Within(started);
        await client.Write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"u8.ToArray());
        await Within(client.ReadUntilClose());
        client.Close();
        await Within(server.Drain());
    }

    [Fact]
    public void DrainClosesSilentHandshakesAtOnce() => Run(async () =>
    {
        await WarmUp();
        var fdsBefore = FdTargets();
        var started = new Future();
        var server = StartHttpsServer(Silent + 1, started);
        int port = server.BoundPort;
        var sockets = await ConnectSilently(port, Silent);
        // One client that is served first and then stays as an idle keep-alive connection.
        var client = await Within(TcpClient.Connect("127.0.0.1", port, Step, sslOptions: ClientOptions()));
        await Within(started);
        Assert.Equal(Silent + 1, server.ConnectionCount);
        await client.Write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());
        var head = System.Text.Encoding.ASCII.GetString(await Within(client.ReadUntil("\r\n\r\n"u8)));
        Assert.StartsWith("HTTP/1.1 200", head);
        Assert.Equal("hello", System.Text.Encoding.ASCII.GetString(await Within(client.ReadBytes(5))));
        Assert.Equal(Silent, server.HandshakesInProgress);
        Assert.Equal(Silent + 1, server.ConnectionCount);

        // Without closing the handshakes, this would wait LongHandshakeTimeout and fail on Within.
        await Within(server.Drain());
        Assert.Equal(0, server.ConnectionCount);
        Assert.Equal(0, server.HandshakesInProgress);
        Assert.Equal(0, server.FailedHandshakes);
        Assert.Equal(Silent, await Within(ReadToEndAndDispose(sockets)));
        await Within(client.ReadUntilClose());
        client.Close();
        AssertFdsBackTo(fdsBefore);
    });

    [Fact]
    public void CloseAllConnectionsClosesHandshakesInProgress() => Run(async () =>
    {
        await WarmUp();
        var fdsBefore = FdTargets();
        var started = new Future();
        var server = StartHttpsServer(Silent, started);
        var sockets = await ConnectSilently(server.BoundPort, Silent);
        await Within(started);
        Assert.Equal(Silent, server.ConnectionCount);
        Assert.Equal(Silent, server.CloseAllConnections());
        Assert.Equal(0, server.ConnectionCount);
        Assert.Equal(0, server.FailedHandshakes);
        Assert.Equal(Silent, await Within(ReadToEndAndDispose(sockets)));
        server.Stop();
        AssertFdsBackTo(fdsBefore);
    });
}
