using System.Net.Sockets;
using System.Text;

namespace Squall.IO.Tests;

public abstract class WriteAndCloseTests(PollerKind poller) : IOTestBase(poller)
{
    [Fact]
    public void SlowReaderHoldsBackWriteFutures() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        var chunk = new byte[256 * 1024];
        // Write until the kernel buffers are full: the last write's future stays pending.
        var writes = new List<Future>();
        Future last;
        do
        {
            last = server.Write(chunk);
            writes.Add(last);
            if (writes.Count > 1000) throw new InvalidOperationException("kernel buffers never filled");
            await Gen.Moment;
        } while (last.IsDone);
        long queued = server.WriteBufferSize;
        Assert.True(queued > 0 && queued <= chunk.Length, $"memory stays bounded: {queued} bytes queued");
        await Gen.Sleep(TimeSpan.FromMilliseconds(20));
        Assert.False(last.IsDone, "nobody read, so the bytes cannot have reached the kernel");
        Assert.True(server.Writing);

        // The reader drains: the pending future completes.
        long expected = (long)writes.Count * chunk.Length;
        var buffer = new byte[64 * 1024];
        long received = 0;
        while (!last.IsDone) received += await Within(client.ReadInto(buffer, partial: true));
        await Within(last);
        Assert.Equal(0, server.WriteBufferSize);
        while (received < expected) received += await Within(client.ReadInto(buffer, partial: true));
        Assert.Equal(expected, received);
        client.Close();
        server.Close();
    });

    [Fact]
    public void SmallWritesQueuedBehindAFullSocketLeaveInFewSends() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        var big = new byte[256 * 1024];
        Future blocked;
        int guard = 0;
        do
        {
            blocked = server.Write(big);
            await Gen.Moment;
        } while (blocked.IsDone && ++guard < 1000);
        long sendsBefore = server.SendCalls;
        Future lastSmall = Future.Completed;
        for (int i = 0; i < 500; i++) lastSmall = server.Write("0123456789"u8.ToArray());
        Assert.Equal(sendsBefore, server.SendCalls); // queued, not sent one by one
        var buffer = new byte[64 * 1024];
        while (!lastSmall.IsDone) await Within(client.ReadInto(buffer, partial: true));
        Assert.True(server.SendCalls - sendsBefore < 50, $"{server.SendCalls - sendsBefore} sends for 500 small writes");
        client.Close();
        server.Close();
    });

    [Fact]
    public void PeerResetMidReadFailsWithCause() => Run(async () =>
    {
        var (stream, raw) = await ConnectRaw();
        var reading = stream.ReadBytes(100);
        raw.Send("partial"u8);
        await WhenReceived(stream, () => stream.Buffered.Length == 7, "the partial data");
        raw.LingerState = new LingerOption(true, 0); // close sends RST
        raw.Close();
        var e = Assert.IsType<StreamClosedException>(await Failure(reading));
        var cause = Assert.IsType<SocketException>(e.InnerException);
        Assert.Equal(SocketError.ConnectionReset, cause.SocketErrorCode);
        Assert.True(stream.Closed);
        Assert.Same(cause, stream.Error);
    });

    [Fact]
    public void PeerResetMidWriteFailsWithCause() => Run(async () =>
    {
        var (stream, raw) = await ConnectRaw();
        var big = new byte[8 << 20];
        var writing = stream.Write(big); // far more than the kernel buffers hold
        Assert.False(writing.IsDone);
        raw.LingerState = new LingerOption(true, 0);
        raw.Close();
        var e = Assert.IsType<StreamClosedException>(await Failure(writing));
        var cause = Assert.IsType<SocketException>(e.InnerException);
        Assert.Contains(cause.SocketErrorCode, new[] { SocketError.ConnectionReset, SocketError.Shutdown, SocketError.ConnectionAborted });
        Assert.True(stream.Closed);
        Assert.Equal(0, stream.WriteBufferSize);
    });

    [Fact]
    public void ReadBufferLimitFailsAndCloses() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        server.MaxBufferSize = 4096;
        var reading = server.ReadBytes(10_000);
        await Within(client.Write(new byte[10_000]));
        var e = await Failure(reading);
        Assert.IsType<StreamBufferFullException>(e);
        Assert.True(server.Closed);
        Assert.Same(e, server.Error);
        client.Close();
    });

    [Fact]
    public void SmallMaxBufferSizeServesManySmallReads() => Run(async () =>
    {
        // 40 KiB of lines through a 4 KiB buffer limit: reading ahead must never be what trips the limit.
        var (server, client) = await ConnectPair();
        server.MaxBufferSize = 4096;
        var line = "0123456789012345678\n"u8.ToArray();
        var all = new byte[line.Length * 2048];
        for (int i = 0; i < 2048; i++) line.CopyTo(all, i * line.Length);
        var writing = client.Write(all);
        for (int i = 0; i < 2048; i++) Assert.Equal(line, await Within(server.ReadUntil("\n"u8, maxBytes: 100)));
        await Within(writing);
        Assert.False(server.Closed);
        client.Close();
        server.Close();
    });

    [Fact]
    public void ReadUntilBeyondMaxBytesIsUnsatisfiable() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        var reading = server.ReadUntil("\r\n"u8, maxBytes: 16);
        await Within(client.Write(Encoding.ASCII.GetBytes(new string('a', 40) + "\r\n")));
        Assert.IsType<UnsatisfiableReadException>(await Failure(reading));
        Assert.True(server.Closed);
        Assert.Contains(Log.Entries, e => e.Message.Contains("Unsatisfiable read"));
        // A later read the leftover bytes cannot satisfy fails with the cause inside.
        var again = Assert.IsType<StreamClosedException>(await Failure(server.ReadUntil("\n\n"u8)));
        Assert.IsType<UnsatisfiableReadException>(again.InnerException);
        client.Close();
    });

    [Fact]
    public void ReadUntilDelimiterFoundPastMaxBytesIsUnsatisfiable() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        await Within(client.Write("0123456789\n"u8.ToArray()));
        var reading = server.ReadUntil("\n"u8, maxBytes: 5);
        Assert.IsType<UnsatisfiableReadException>(await Failure(reading));
        client.Close();
    });

    [Fact]
    public void WriteBeyondMaxWriteBufferSizeFails() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        server.MaxWriteBufferSize = 1024;
        var e = await Failure(server.Write(new byte[2048]));
        Assert.IsType<StreamBufferFullException>(e);
        Assert.False(server.Closed);
        await Within(server.Write("ok"u8.ToArray()));
        Assert.Equal("ok"u8.ToArray(), await Within(client.ReadBytes(2)));
        client.Close();
        server.Close();
    });

    [Fact]
    public void CloseFailsPendingReadAndRunsCloseCallback() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        var closed = new Future();
        server.SetCloseCallback(() => closed.TrySetResult());
        var reading = server.ReadBytes(10);
        var boom = new InvalidOperationException("boom");
        server.Close(boom);
        var e = Assert.IsType<StreamClosedException>(await Failure(reading));
        Assert.Same(boom, e.InnerException);
        await Within(closed);
        Assert.IsType<StreamClosedException>(await Failure(server.Write("x"u8.ToArray())));
        client.Close();
    });

    [Fact]
    public void CloseCallbackSeesPeerCloseWhileIdle() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        var closed = new Future();
        server.SetCloseCallback(() => closed.TrySetResult());
        client.Close();
        Assert.True(client.Socket.SafeHandle.IsClosed); // the fd itself is closed: the peer sees the end of stream
        await Within(closed);
        Assert.True(server.Closed);
        Assert.Null(server.Error);
        Assert.True(server.DescriptorClosed); // an accepted stream holds a bare descriptor (no Socket object)
    });

    [Fact]
    public void OrderlyPeerCloseFailsPendingReadWithoutCause() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        var reading = server.ReadUntil("\n"u8);
        await Within(client.Write("no newline"u8.ToArray()));
        client.Close();
        var e = Assert.IsType<StreamClosedException>(await Failure(reading));
        Assert.Null(e.InnerException);
        // The unconsumed bytes are still readable after the close (as in Tornado).
        Assert.Equal("no newline", Encoding.ASCII.GetString(server.Buffered.Span));
    });
}

public sealed class EpollWriteAndCloseTests() : WriteAndCloseTests(PollerKind.Epoll);

public sealed class PollWriteAndCloseTests() : WriteAndCloseTests(PollerKind.Poll);
