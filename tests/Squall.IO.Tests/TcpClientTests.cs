using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Squall.IO.Tests;

public abstract class TcpClientTests(PollerKind poller) : IOTestBase(poller)
{
    [Fact]
    public void ConnectRefused() => Run(async () =>
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port; // bound, never listening: connects are refused
            var e = Assert.IsType<SocketException>(await Failure(TcpClient.Connect("127.0.0.1", port, TimeSpan.FromSeconds(5))));
            Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
        }
    });

    [Fact]
    public void ConnectTriesEachResolvedAddress() => Run(async () =>
    {
        // The server listens on IPv4 only; "localhost" usually resolves to ::1 first, which is refused, then 127.0.0.1.
        var server = StartServer((stream, _) => Echo(stream));
        using var client = await Within(TcpClient.Connect("localhost", server.BoundPort, TimeSpan.FromSeconds(5)));
        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)client.RemoteEndPoint!).Address);
        await Within(client.Write("via localhost\n"u8.ToArray()));
        Assert.Equal("via localhost\n", Encoding.ASCII.GetString(await Within(client.ReadUntil("\n"u8))));
    });

    [Fact]
    public void ResolverAnswersLiteralsAtOnceAndNamesThroughTheExecutor() => Run(async () =>
    {
        var literal = Resolver.Default.Resolve("127.0.0.1");
        Assert.True(literal.IsDone);
        Assert.Equal(IPAddress.Loopback, Assert.Single(literal.Result));
        var v6 = Resolver.Default.Resolve("[::1]");
        Assert.Equal(IPAddress.IPv6Loopback, Assert.Single(v6.Result));
        var named = Resolver.Default.Resolve("localhost", AddressFamily.InterNetwork);
        var addresses = await Within(named);
        Assert.Contains(IPAddress.Loopback, addresses);
        Assert.IsType<SocketException>(await Failure(Resolver.Default.Resolve("no-such-host.invalid")));
    });
}

public sealed class EpollTcpClientTests() : TcpClientTests(PollerKind.Epoll);

public sealed class PollTcpClientTests() : TcpClientTests(PollerKind.Poll);

/// <summary>
/// The connect timeout on a manual loop clock: a connect the listener's full backlog leaves hanging is still pending at
/// the timeout minus one tick and fails at the timeout, whatever the machine's load.
/// </summary>
public abstract class ConnectTimeoutTests(PollerKind poller) : LoopTestBase(poller, clock: new ManualClock())
{
    [Fact]
    public void AConnectToAFullBacklogTimesOutAtItsTimeoutAndNotATickBefore() => Run(async () =>
    {
        // A listener that never accepts: once its accept queue is full, Linux drops further SYNs, so a connect
        // hangs until our timeout (the client would only retry the SYN after 1 s, to be dropped again).
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var endPoint = (IPEndPoint)listener.LocalEndPoint!;
        var fillers = new List<Socket>();
        try
        {
            // Fill the queue: keep connecting until a connect does not complete at once.
            for (int i = 0; i < 16; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                fillers.Add(s);
                try { s.Connect(endPoint); }
                catch (SocketException) { }
                // On loopback a connect the listener can queue completes at once (the handshake runs in the kernel
                // as the SYN is sent); one the full queue drops stays unconnected until the SYN is retried after 1 s.
                // Wait for the outcome, up to 500 ms, rather than sleeping and hoping it is known.
                if (!s.Poll(500_000, SelectMode.SelectWrite)) break;
            }
            var timeout = TimeSpan.FromMilliseconds(300);
            var connect = TcpClient.Connect("127.0.0.1", endPoint.Port, timeout);
            Clock!.Advance(ManualClock.Ticks(timeout) - 1);
            // Two turns: the first one's timer pass (after its callbacks) ran on the new time.
            await Gen.Moment;
            await Gen.Moment;
            Assert.False(connect.IsDone, "the connect ended before its timeout");
            Clock.Advance(1);
            var ended = new Future();
            connect.AddDoneCallback(_ => ended.TrySetResult());
            await ended;
            var e = Assert.IsType<TimeoutException>(connect.Exception);
            Assert.Equal($"Connecting to 127.0.0.1:{endPoint.Port} timed out after 0.3 s", e.Message);
        }
        finally
        {
            foreach (var s in fillers) s.Dispose();
        }
    });
}

public sealed class EpollConnectTimeoutTests() : ConnectTimeoutTests(PollerKind.Epoll);

public sealed class PollConnectTimeoutTests() : ConnectTimeoutTests(PollerKind.Poll);
