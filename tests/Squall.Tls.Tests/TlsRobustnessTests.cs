using System.Net.Sockets;
using System.Text;
using Squall.IO;
using Squall.IO.Tests;
using TcpClient = Squall.IO.TcpClient;

namespace Squall.Tls.Tests;

/// <summary>
/// Clients that cannot or will not complete a handshake (plain HTTP, garbage, half a ClientHello, a reset, silence)
/// cost only their own connection: a good client is served meanwhile, and every fd is given back.
/// </summary>
public sealed class TlsRobustnessTests(TestCertificates certs) : TlsTestBase(certs)
{
    // The first bytes of a TLS 1.2-style ClientHello record: handshake (22), version 3.1, a 512-byte record that never comes whole.
    private static readonly byte[] s_halfClientHello = [22, 3, 1, 2, 0, 1, 0, 1, 252, 3, 3, 1, 2, 3, 4, 5, 6, 7, 8];

    /// <summary>A server whose failed handshakes complete <paramref name="failed"/> once <paramref name="count"/> have happened.</summary>
    private TcpServer StartCountingServer(int count, Future failed, TimeSpan? handshakeTimeout = null, Func<IOStream, Future>? handler = null)
    {
        var server = StartTlsServer((stream, _) => (handler ?? EchoLines)(stream), handshakeTimeout: handshakeTimeout);
        server.HandshakeFailedHook = () =>
        {
            if (server.FailedHandshakes == count) failed.TrySetResult();
        };
        return server;
    }

    /// <summary>One good TLS client: a line there and back.</summary>
    private async Future GoodClientRoundTrip(int port)
    {
        var client = await Within(TcpClient.Connect("127.0.0.1", port, Step, sslOptions: ClientOptions()));
        await client.Write("still serving\n"u8.ToArray());
        Assert.Equal("still serving\n", Encoding.ASCII.GetString(await Within(client.ReadUntil("\n"u8))));
        client.Close();
    }

    /// <summary>Sends <paramref name="bytes"/> on a raw socket and reads until the server closes it; returns what came back.</summary>
    private static byte[] SendAndReadUntilClosed(int port, byte[] bytes)
    {
        using var raw = RawConnect(port);
        raw.Send(bytes);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = raw.Receive(buffer)) > 0) received.Write(buffer, 0, n);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Closing with unread bytes makes the kernel answer with a reset: closed all the same.
        }
        return received.ToArray();
    }

    [Fact]
    public void PlainHttpAndGarbageCloseOnlyTheirOwnConnection() => Run(async () =>
    {
        var failed = new Future();
        var server = StartCountingServer(2, failed);
        int port = server.BoundPort;
        var http = await Loop.RunInExecutor(() => SendAndReadUntilClosed(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray()));
        var random = new byte[4096];
        new Random(3).NextBytes(random);
        random[0] = 0x47; // not a handshake record
        var garbage = await Loop.RunInExecutor(() => SendAndReadUntilClosed(port, random));
        await Within(failed);
        // Nothing but (at most) a TLS alert record came back: never an HTTP answer in cleartext.
        Assert.True(http.Length == 0 || http[0] == 21, Encoding.ASCII.GetString(http));
        Assert.True(garbage.Length == 0 || garbage[0] == 21);
        Assert.Contains(Log.Entries, e => e.Message.StartsWith("TLS handshake with 127.0.0.1:", StringComparison.Ordinal));
        await GoodClientRoundTrip(port);
        Assert.Equal(2, server.FailedHandshakes);
    });

    [Fact]
    public void HalfAClientHelloIsCutOffByTheHandshakeTimeout() => Run(async () =>
    {
        var failed = new Future();
        var server = StartCountingServer(1, failed, handshakeTimeout: TimeSpan.FromMilliseconds(300));
        int port = server.BoundPort;
        // The server closes the connection when the timeout fires: the blocking read sees the end.
        var answer = await Loop.RunInExecutor(() => SendAndReadUntilClosed(port, s_halfClientHello));
        await Within(failed);
        Assert.Empty(answer);
        Assert.Contains(Log.Entries, e => e.Message.Contains("TLS handshake timed out", StringComparison.Ordinal));
        // The good client's own handshake must not race the 300 ms cut-off (on a loaded machine it can take longer):
        // the point is that the server still serves after cutting one off.
        server.HandshakeTimeout = Step;
        await GoodClientRoundTrip(port);
    });

    [Fact]
    public void ResetsMidHandshakeCostNothingAndLeakNoFds() => Run(async () =>
    {
        const int resets = 50;
        var failed = new Future();
        var server = StartCountingServer(resets, failed);
        int port = server.BoundPort;
        var fdsBefore = FdTargets();
        await Loop.RunInExecutor(() =>
        {
            for (int i = 0; i < resets; i++)
            {
                using var raw = RawConnect(port);
                raw.Send(s_halfClientHello);
                raw.LingerState = new LingerOption(true, 0); // close sends RST
            }
            return 0;
        });
        await Within(failed);
        await GoodClientRoundTrip(port);
        Assert.Equal(resets, server.FailedHandshakes);
        AssertFdsBackTo(fdsBefore);
    });

    [Fact]
    public void ThreeHundredSilentConnectionsDoNotDelayAGoodClient() => Run(async () =>
    {
        const int silent = 300;
        FileLimit.EnsureAtLeast(4096);
        var failed = new Future();
        var goodDone = new Future();
        int served = 0;
        var server = StartCountingServer(silent, failed, handler: async stream =>
        {
            await EchoLines(stream);
            if (++served == 1) goodDone.TrySetResult();
        });
        int port = server.BoundPort;
        var fdsBefore = FdTargets();
        var sockets = await Loop.RunInExecutor(() =>
        {
            var list = new List<Socket>(silent);
            for (int i = 0; i < silent; i++) list.Add(RawConnect(port));
            return list;
        });
        // 300 handshakes wait for a ClientHello that never comes; the good client is served at once all the same.
        await GoodClientRoundTrip(port);
        await Within(goodDone);
        Assert.Equal(0, server.FailedHandshakes);
        await Loop.RunInExecutor(() =>
        {
            foreach (var s in sockets) s.Dispose();
            return 0;
        });
        await Within(failed);
        Assert.Equal(silent, server.FailedHandshakes);
        AssertFdsBackTo(fdsBefore);
    });
}
