using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Squall.TestSupport;

namespace Squall.Hosting.Tests;

/// <summary>
/// A hosted app as a real process, stopped with a real SIGTERM: the request in flight gets its whole response, idle
/// keep-alive connections are closed, new connects are refused, and the process exits 0; what outlives the shutdown
/// timeout is cut and logged.
/// </summary>
public sealed class GracefulShutdownTests
{
    // Two loops: the kernel spreads connections over two listeners, and both must close.
    private static readonly string[] TwoLoopsOnAFreePort = ["--Squall:Port=0", "--Squall:Loops=2", "--Squall:Address=127.0.0.1"];

    [Fact]
    public void SigtermLetsTheRequestInFlightFinishClosesIdleConnectionsRefusesNewOnesAndExitsZero()
    {
        using var dir = new TempDirectory();
        using var app = new HostedProcess(dir.Path, null, TwoLoopsOnAFreePort);
        int port = app.WaitForPort();
        var all = new List<KeepAliveClient>();
        try
        {
            var idle = Connections.OnEveryLoop(port, 2, all);
            using var poll = new KeepAliveClient(port);
            poll.Send("/longpoll?seconds=600");
            var (status, headers) = poll.ReceiveHead();
            Assert.Equal(200, status);
            Assert.Equal("waiting\n", poll.ReceiveChunk()); // the handler is in flight now

            app.Terminate();

            // Idle keep-alive connections on both loops are closed: both loops have closed their listeners by then.
            foreach (var c in idle.Values) Assert.True(c.ReadsEndOfStream(), "an idle keep-alive connection stayed open");
            var refused = Assert.Throws<SocketException>(() =>
            {
                using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                s.Connect(new IPEndPoint(IPAddress.Loopback, port));
            });
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);

            // The long poll is answered in full (the shutdown is its news), then its connection closes.
            Assert.Equal("server is stopping: answered before it stops\n", poll.ReceiveChunk());
            Assert.Null(poll.ReceiveChunk());
            Assert.True(poll.ReadsEndOfStream());
            Assert.Equal("chunked", headers["transfer-encoding"]);

            Assert.Equal(0, app.WaitForExit());
            Assert.Contains(app.Lines, l => l.Contains("Squall stopped: every connection finished", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var c in all) c.Dispose();
        }
    }

    [Fact]
    public void ARequestThatOutlivesTheShutdownTimeoutIsCutAndLogged()
    {
        using var dir = new TempDirectory();
        using var app = new HostedProcess(dir.Path, null, [.. TwoLoopsOnAFreePort, "--Squall:ShutdownTimeout=00:00:00.5"]);
        int port = app.WaitForPort();
        using var stuck = new KeepAliveClient(port);
        // A request whose body never finishes arriving: in flight until the server gives up on it. The interim 100
        // response says the server has read its head and is reading its body.
        stuck.SendRaw("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n");
        Assert.Equal(100, stuck.ReceiveHead().Status);
        stuck.SendRaw("only part");

        app.Terminate();

        Assert.True(stuck.ReadsEndOfStream(), "the stuck request got an answer instead of being cut");
        Assert.Equal(0, app.WaitForExit());
        Assert.Contains(app.Lines, l => Regex.IsMatch(l, @"Shutdown: 1 connection\(s\) still open after 0\.5 s were cut"));
    }
}
