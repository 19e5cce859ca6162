using System.Net;
using System.Net.Sockets;

namespace Squall.IO.Tests;

/// <summary>
/// A connection the server accepts is held as a bare descriptor (no <see cref="Socket"/> object until someone asks for
/// one): its peer address, its I/O in both directions and a Socket made on demand all work as with a Socket.
/// </summary>
public abstract class AcceptedDescriptorTests(PollerKind poller) : IOTestBase(poller)
{
    [Fact]
    public void RemoteEndPointIsTheClientsLocalEndPoint() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        var expected = (IPEndPoint)client.Socket.LocalEndPoint!;
        var remote = Assert.IsType<IPEndPoint>(server.RemoteEndPoint);
        Assert.Equal(expected.Address, remote.Address);
        Assert.Equal(expected.Port, remote.Port);
        client.Close();
    });

    [Fact]
    public void BytesFlowBothWaysAndGatheredWritesArriveInOrder() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        await Within(client.Write("ping"u8.ToArray()));
        Assert.Equal("ping"u8.ToArray(), await Within(server.ReadBytes(4)));
        // Writes queued without waiting leave in gathered sends (several segments in one sendmsg).
        var expected = new List<byte>();
        Future last = Future.Completed;
        for (int i = 0; i < 40; i++)
        {
            var chunk = new byte[20_000];
            Array.Fill(chunk, (byte)('a' + i % 26));
            expected.AddRange(chunk);
            last = server.Write(chunk);
        }
        var received = await Within(client.ReadBytes(expected.Count));
        await Within(last);
        Assert.Equal(expected.ToArray(), received);
        client.Close();
    });

    [Fact]
    public void SocketMadeOnDemandOwnsTheDescriptorAndTheStreamKeepsWorking() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        var socket = server.Socket;
        Assert.Same(socket, server.Socket);
        Assert.False(socket.Blocking);
        Assert.True(socket.NoDelay); // set on the bare descriptor at accept
        await Within(server.Write("after"u8.ToArray()));
        Assert.Equal("after"u8.ToArray(), await Within(client.ReadBytes(5)));
        server.Close();
        Assert.True(socket.SafeHandle.IsClosed);
        Assert.True(server.DescriptorClosed);
        Assert.Empty(await Within(client.ReadUntilClose()));
    });

    [Fact]
    public void ClosedStreamWithoutSocketRefusesToMakeOne() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        server.Close();
        Assert.True(server.DescriptorClosed);
        Assert.Throws<ObjectDisposedException>(() => server.Socket);
        Assert.Empty(await Within(client.ReadUntilClose()));
    });

    [Fact]
    public void PeerResetIsReportedAsConnectionReset() => Run(async () =>
    {
        var (server, raw) = await ConnectRaw();
        var reading = server.ReadBytes(10);
        raw.LingerState = new LingerOption(true, 0); // close with RST
        raw.Close();
        var e = await Assert.ThrowsAsync<StreamClosedException>(async () => await Within(reading));
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(server.Error).SocketErrorCode);
        Assert.NotNull(e);
    });
}

public sealed class EpollAcceptedDescriptorTests() : AcceptedDescriptorTests(PollerKind.Epoll);

public sealed class PollAcceptedDescriptorTests() : AcceptedDescriptorTests(PollerKind.Poll);
