using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Squall.IO.Tests;

public abstract class TcpServerTests(PollerKind poller) : IOTestBase(poller)
{
    [Fact]
    public void TwoThousandConnectionsEchoAtOnce()
    {
        // 2,000 client + 2,000 server sockets in this process: raise the soft open-file limit if the hard one allows.
        const int connections = 2000;
        FileLimit.EnsureAtLeast(4 * connections + 1024); // both backends may run this at once
        Assert.True(OpenFileLimit() >= 2 * connections + 200, $"open-file limit {OpenFileLimit()} is too low for this test and the hard limit forbids raising it");
        Run(async () =>
        {
            // A backlog that holds every connect at once: with the default (128) the kernel drops SYNs and the
            // clients' retransmits (1 s, 3 s, 7 s ...) measure the backlog, not the server.
            var server = StartServer((stream, _) => Echo(stream), backlog: connections);
            int port = server.BoundPort;
            var all = new Future();
            int remaining = connections;
            int failures = 0;

            async Future OneClient(int i)
            {
                try
                {
                    using var client = await TcpClient.Connect("127.0.0.1", port);
                    var message = Encoding.ASCII.GetBytes($"client {i} says hello\n");
                    await client.Write(message);
                    var reply = await client.ReadUntil("\n"u8);
                    if (!reply.AsSpan().SequenceEqual(message)) failures++;
                }
                catch (Exception)
                {
                    failures++;
                }
                if (--remaining == 0) all.TrySetResult();
            }

            var clients = new List<Future>(connections);
            for (int i = 0; i < connections; i++) clients.Add(OneClient(i));
            // Generous: CI runs every test assembly at once on two cores; this test is about concurrency, not speed.
            await Gen.WithTimeout(TimeSpan.FromSeconds(60), all);
            Assert.Equal(0, failures);
        });
    }

    [Fact]
    public void HandlerExceptionClosesOnlyThatConnection() => Run(async () =>
    {
        int n = 0;
        var server = StartServer(async (stream, _) =>
        {
            if (Interlocked.Increment(ref n) == 1)
            {
                await stream.ReadBytes(1);
                throw new InvalidOperationException("handler bug");
            }
            await Echo(stream);
        });
        using var bad = await Within(TcpClient.Connect("127.0.0.1", server.BoundPort));
        var closed = new Future();
        bad.SetCloseCallback(() => closed.TrySetResult());
        await Within(bad.Write("x"u8.ToArray()));
        await Within(closed);
        Assert.Contains(Log.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "handler bug");

        using var good = await Within(TcpClient.Connect("127.0.0.1", server.BoundPort));
        await Within(good.Write("still serving\n"u8.ToArray()));
        Assert.Equal("still serving\n", Encoding.ASCII.GetString(await Within(good.ReadUntil("\n"u8))));
    });

    [Fact]
    public void SynchronousHandlerExceptionIsLoggedAndClosesTheConnection() => Run(async () =>
    {
        var server = StartServer((_, _) => throw new InvalidOperationException("sync bug"));
        using var client = await Within(TcpClient.Connect("127.0.0.1", server.BoundPort));
        var e = await Failure(client.ReadUntilClose().ContinueAfterClose());
        Assert.IsType<StreamClosedException>(e); // the server closed the connection, nothing else
        Assert.Contains(Log.Entries, x => x.Level == LogLevel.Error && x.Exception?.Message == "sync bug");
    });

    [Fact]
    public void StopKeepsOpenConnectionsAndRefusesNewOnes() => Run(async () =>
    {
        var server = StartServer((stream, _) => Echo(stream));
        int port = server.BoundPort;
        using var client = await Within(TcpClient.Connect("127.0.0.1", port));
        server.Stop();
        await Within(client.Write("after stop\n"u8.ToArray()));
        Assert.Equal("after stop\n", Encoding.ASCII.GetString(await Within(client.ReadUntil("\n"u8))));
        var e = Assert.IsType<SocketException>(await Failure(TcpClient.Connect("127.0.0.1", port)));
        Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
    });

    [Fact]
    public void BindThenStartOnBothFamilies() => Run(async () =>
    {
        var accepted = 0;
        var server = new TcpServer((stream, _) =>
        {
            accepted++;
            return Echo(stream);
        });
        server.Bind(0, "localhost");
        server.Start();
        try
        {
            Assert.NotEmpty(server.LocalEndPoints);
            Assert.Single(server.BoundPorts); // port 0: every socket got the first one's port
            foreach (var endPoint in server.LocalEndPoints.Cast<IPEndPoint>())
            {
                using var client = await Within(TcpClient.Connect(endPoint.Address.ToString(), server.BoundPort));
                await Within(client.Write("hi\n"u8.ToArray()));
                Assert.Equal("hi\n", Encoding.ASCII.GetString(await Within(client.ReadUntil("\n"u8))));
            }
            Assert.Equal(server.LocalEndPoints.Count, accepted);
        }
        finally
        {
            server.Stop();
        }
    });

    [Fact]
    public void ReusePortLetsTwoSocketsShareAPort() => Run(async () =>
    {
        var first = NetUtil.BindSockets(0, "127.0.0.1", reusePort: true);
        int port = ((IPEndPoint)first[0].LocalEndPoint!).Port;
        var second = NetUtil.BindSockets(port, "127.0.0.1", reusePort: true);
        Assert.Equal(port, ((IPEndPoint)second[0].LocalEndPoint!).Port);
        foreach (var s in first.Concat(second)) s.Dispose();
        // Without SO_REUSEPORT a second bind of a listening port fails.
        var third = NetUtil.BindSockets(0, "127.0.0.1");
        int taken = ((IPEndPoint)third[0].LocalEndPoint!).Port;
        Assert.Throws<SocketException>(() => NetUtil.BindSockets(taken, "127.0.0.1"));
        third[0].Dispose();
        await Gen.Moment;
    });

    private static int OpenFileLimit()
    {
        foreach (var line in File.ReadLines("/proc/self/limits"))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts[3] == "unlimited" ? int.MaxValue : int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture);
        }
        return 1024;
    }
}

internal static class FutureTestExtensions
{
    /// <summary>ReadUntilClose succeeds on an orderly close: turn "closed with nothing" into a failure to assert on.</summary>
    public static async Future ContinueAfterClose(this Future<byte[]> read)
    {
        var data = await read;
        throw new StreamClosedException($"closed after {data.Length} bytes", null);
    }
}

public sealed class EpollTcpServerTests() : TcpServerTests(PollerKind.Epoll);

public sealed class PollTcpServerTests() : TcpServerTests(PollerKind.Poll);
