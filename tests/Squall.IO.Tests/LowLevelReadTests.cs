using System.Text;

namespace Squall.IO.Tests;

public abstract class LowLevelReadTests(PollerKind poller) : IOTestBase(poller)
{
    [Fact]
    public void WaitForDataBufferedAndConsume() => Run(async () =>
    {
        var (stream, raw) = await ConnectRaw();
        using var _ = raw;
        Assert.True(stream.Buffered.IsEmpty);
        raw.Send("GET /a"u8);
        await Within(WaitData(stream));
        await WhenReceived(stream, () => stream.Buffered.Length == 6, "six bytes");
        Assert.Equal("GET /a", Encoding.ASCII.GetString(stream.Buffered.Span));
        stream.Consume(4);
        Assert.Equal("/a", Encoding.ASCII.GetString(stream.Buffered.Span));

        // Completes only when more than the bytes already buffered are there.
        var waiting = WaitData(stream);
        await Gen.Moment;
        Assert.False(waiting.IsDone);
        raw.Send(" HTTP"u8);
        await Within(waiting);
        Assert.StartsWith("/a HT", Encoding.ASCII.GetString(stream.Buffered.Span));
        stream.Consume(stream.Buffered.Length);
        Assert.True(stream.Buffered.IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.Consume(1));
        stream.Close();
    });

    [Fact]
    public void WaitForDataResumesInsideTheReadinessReportThatCompletedIt() => Run(async () =>
    {
        // The reader runs while its bytes are hot, before work queued meanwhile (issue 16, goal 5): a callback queued
        // when the bytes arrive runs after the resumed wait, not before it as a queued continuation would.
        var (stream, raw) = await ConnectRaw();
        using var _ = raw;
        var order = new List<string>();
        var callbackRan = new Future();
        var loop = IOLoop.Current;
        stream.Received = () =>
        {
            order.Add("received");
            loop.AddCallback(() => { order.Add("callback queued on receipt"); callbackRan.TrySetResult(); });
        };
        var awaiter = stream.WaitForData().GetAwaiter();
        Assert.False(awaiter.IsCompleted);
        awaiter.UnsafeOnCompleted(() => order.Add("wait resumed"));
        raw.Send("x"u8);
        await Within(callbackRan);
        Assert.Equal(["received", "wait resumed", "callback queued on receipt"], order);
        awaiter.GetResult();
        Assert.Equal("x", Encoding.ASCII.GetString(stream.Buffered.Span));
        stream.Close();
    });

    [Fact]
    public void AWaitContinuationThatThrowsIsLoggedAndTheStreamStaysOpen() => Run(async () =>
    {
        var (stream, raw) = await ConnectRaw();
        using var _ = raw;
        var ran = new Future();
        var awaiter = stream.WaitForData().GetAwaiter();
        awaiter.OnCompleted(() =>
        {
            ran.TrySetResult();
            throw new InvalidOperationException("continuation bug");
        });
        raw.Send("x"u8);
        await Within(ran);
        Assert.Contains(Log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Exception?.Message == "continuation bug");
        Assert.False(stream.Closed);
        awaiter.GetResult();
        stream.Consume(1);
        raw.Send("y"u8);
        await Within(WaitData(stream));
        Assert.Equal("y", Encoding.ASCII.GetString(stream.Buffered.Span));
        stream.Close();
    });

    [Fact]
    public void WaitForDataThrowsStreamClosedWithCause() => Run(async () =>
    {
        var (stream, raw) = await ConnectRaw();
        var waiting = WaitData(stream);
        raw.LingerState = new System.Net.Sockets.LingerOption(true, 0);
        raw.Close();
        var e = Assert.IsType<StreamClosedException>(await Failure(waiting));
        Assert.IsType<System.Net.Sockets.SocketException>(e.InnerException);
        // A wait on a closed stream ends at once with the same answer.
        Assert.IsType<StreamClosedException>(await Failure(WaitData(stream)));
    });

    [Fact]
    public void WaitForDataAllocatesNothingPerWait() => Run(async () =>
    {
        var (stream, raw) = await ConnectRaw();
        using var _ = raw;
        var one = new byte[] { (byte)'x' };
        const int warmup = 200, measured = 2000;
        for (int i = 0; i < warmup; i++)
        {
            raw.Send(one);
            await stream.WaitForData();
            stream.Consume(stream.Buffered.Length);
        }
        // The smallest of three windows: on a loaded machine the loop's slow-iteration detector may log (and allocate
        // its message) inside a window when the thread is preempted; that is not a cost of the wait. A per-wait
        // allocation shows in every window.
        long fewest = long.MaxValue;
        for (int window = 0; window < 3; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            // Inline, not a helper coroutine: a helper's own state machine would be the allocation measured.
            for (int i = 0; i < measured; i++)
            {
                raw.Send(one);
                await stream.WaitForData();
                stream.Consume(stream.Buffered.Length);
            }
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.True(fewest == 0, $"{fewest} bytes allocated in {measured} WaitForData round trips (fewest of three windows)");
        stream.Close();
    });

    [Fact]
    public void LowLevelWritesAllocateNothing() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        const int rounds = 1000;
        // Window 0 warms up; then the fewest bytes of three measured windows (see WaitForDataAllocatesNothingPerWait).
        long fewest = long.MaxValue;
        for (int window = 0; window < 4; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < rounds; i++)
            {
                var span = server.GetSpan(16);
                "0123456789abcdef"u8.CopyTo(span);
                server.Advance(16);
                server.FlushPending();
                while (client.Buffered.Length < 16) await client.WaitForData();
                client.Consume(16);
            }
            if (window > 0) fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.True(fewest == 0, $"{fewest} bytes allocated in {rounds} write + wait rounds (fewest of three windows)");
        client.Close();
        server.Close();
    });

    [Fact]
    public void SteadyEchoDoesNotReRegisterInterest() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        var echoing = Echo(server);
        var message = "ping-pong-message"u8.ToArray();
        for (int i = 0; i < 20; i++) await Within(client.Write(message)); // warm: interest settles
        for (int got = 0; got < 20 * message.Length;)
        {
            if (client.Buffered.IsEmpty) await client.WaitForData();
            got += client.Buffered.Length;
            client.Consume(client.Buffered.Length);
        }
        long serverBefore = server.InterestChanges, clientBefore = client.InterestChanges;
        for (int i = 0; i < 200; i++)
        {
            await Within(client.Write(message));
            for (int got = 0; got < message.Length;)
            {
                if (client.Buffered.IsEmpty) await client.WaitForData();
                got += client.Buffered.Length;
                client.Consume(client.Buffered.Length);
            }
        }
        // Each round trip is one send and one receive per side: no epoll_ctl in steady state.
        Assert.Equal(0, server.InterestChanges - serverBefore);
        Assert.Equal(0, client.InterestChanges - clientBefore);
        client.Close();
        await Within(echoing);
    });

    private static async Future WaitData(IOStream stream) => await stream.WaitForData();
}

public sealed class EpollLowLevelReadTests() : LowLevelReadTests(PollerKind.Epoll);

public sealed class PollLowLevelReadTests() : LowLevelReadTests(PollerKind.Poll);
