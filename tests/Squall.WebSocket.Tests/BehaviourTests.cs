using System.Text;
using Squall.Http;
using Squall.Testing;
using Squall.TestSupport;
using Squall.Web;

namespace Squall.WebSocket.Tests;

/// <summary>The handler's life cycle and write side over raw sockets: flow control, broadcast, close from either side, pings.</summary>
public sealed class BehaviourTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly AsyncHttpTestServer _server;

    public BehaviourTests()
    {
        ProbeSocket.Reset();
        // No pings here: the raw test client never answers them, so a ping timeout would end every test's connection
        // after a few hundred milliseconds of a busy machine. The ping test starts its own server.
        _server = new AsyncHttpTestServer(TestRoutes.Table, new ApplicationSettings());
    }

    public void Dispose() => _server.Dispose();

    [Fact]
    public void A_pending_OnMessage_holds_the_next_message()
    {
        using var ws = new RawWebSocket(_server.Port);
        Assert.Equal(101, ws.Handshake("/slow"));
        ws.Send(RawWebSocket.Frame(1, "one"), RawWebSocket.Frame(1, "two"), RawWebSocket.Frame(9, "after"));
        var first = Next(SlowSocket.Seen.Reader);
        Assert.Equal("one", first.Text);
        // "two" is buffered but not delivered while "one" is pending; the ping behind it is not answered either.
        Assert.False(SlowSocket.Seen.Reader.TryRead(out _));
        _server.Invoke(() => first.Gate.TrySetResult());
        var second = Next(SlowSocket.Seen.Reader);
        Assert.Equal("two", second.Text);
        _server.Invoke(() => second.Gate.TrySetResult());
        var pong = ReadSkippingPings(ws);
        Assert.Equal(10, pong.Opcode);
        Assert.Equal("after", pong.Text);
    }

    private static T Next<T>(System.Threading.Channels.ChannelReader<T> reader)
    {
        var read = reader.ReadAsync().AsTask();
        Assert.True(read.Wait(Wait), "timed out waiting for the server");
        return read.Result;
    }

    private static RawFrame ReadSkippingPings(RawWebSocket ws)
    {
        var frame = ws.ReadFrame();
        while (frame.Opcode == 9) frame = ws.ReadFrame(); // the server's ping timer may speak first
        return frame;
    }

    [Fact]
    public void Server_close_sends_the_code_and_OnClose_sees_the_clients_answer()
    {
        using var ws = new RawWebSocket(_server.Port);
        Assert.Equal(101, ws.Handshake("/probe"));
        ws.Send(RawWebSocket.Frame(1, "close-me"));
        var close = ReadSkippingPings(ws);
        Assert.Equal(4001, close.CloseCode);
        Assert.Equal("asked to", Encoding.UTF8.GetString(close.Payload[2..]));
        ws.Send(RawWebSocket.CloseFrame(4001, "ok"));
        Assert.True(ws.ServerClosedTcp());
        Assert.True(ProbeSocket.Closed.Task.Wait(Wait));
        Assert.Equal((4001, "ok"), ProbeSocket.Closed.Task.Result);
    }

    [Fact]
    public void A_client_that_vanishes_reaches_OnClose_with_no_code_and_writes_then_fail()
    {
        var ws = new RawWebSocket(_server.Port);
        Assert.Equal(101, ws.Handshake("/probe"));
        Assert.True(ProbeSocket.Opened.Task.Wait(Wait));
        var handler = ProbeSocket.Opened.Task.Result;
        ws.Dispose();
        Assert.True(ProbeSocket.Closed.Task.Wait(Wait));
        Assert.Equal((null, null), ProbeSocket.Closed.Task.Result);
        var write = _server.Invoke(() => handler.WriteMessage("too late"));
        Assert.IsType<WebSocketClosedException>(write.Exception);
    }

    // Pings on the loop's clock, moved by the test: every 10 s, closed once the peer has been silent for more than
    // the 30 s timeout plus one interval (40 s), checked at each ping time.
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(10);

    private static AsyncHttpTestServer PingingServer(ManualClock clock, ListLogger log) => new(TestRoutes.Table, new ApplicationSettings
    {
        WebSocketPingInterval = PingInterval,
        WebSocketPingTimeout = TimeSpan.FromSeconds(30),
    }, serverSettings: null, new IOLoopOptions { Clock = () => clock.Now, Logger = log });

    /// <summary>
    /// Moves the clock by <paramref name="ticks"/> and returns once the loop has run its timers on the new time: the
    /// first callback wakes the loop, whose timer pass follows the callbacks of that iteration; the second runs in
    /// the next iteration.
    /// </summary>
    private static void Advance(AsyncHttpTestServer server, ManualClock clock, long ticks)
    {
        clock.Advance(ticks);
        var passed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Loop.AddCallback(() => server.Loop.AddCallback(() => passed.SetResult()));
        Assert.True(passed.Task.Wait(Wait), "the loop did not run a timer pass");
    }

    /// <summary>The next ping comes exactly one interval after the last: not a tick before, and at the tick.</summary>
    private static void ExpectPingAfterOneInterval(AsyncHttpTestServer server, ManualClock clock, RawWebSocket ws)
    {
        Advance(server, clock, ManualClock.Ticks(PingInterval) - 1);
        Assert.True(ws.NothingToRead, "a ping came before its interval had passed");
        Advance(server, clock, 1);
        var ping = ws.ReadFrame();
        Assert.Equal(9, ping.Opcode);
        Assert.Empty(ping.Payload);
    }

    private static void ExpectCloseAfterOneInterval(AsyncHttpTestServer server, ManualClock clock, RawWebSocket ws, ListLogger log, int silentSeconds)
    {
        Advance(server, clock, ManualClock.Ticks(PingInterval) - 1);
        Assert.True(ws.NothingToRead);
        Assert.False(ProbeSocket.Closed.Task.IsCompleted, "closed before the ping timeout");
        Advance(server, clock, 1);
        Assert.True(ws.ServerClosedTcp());
        Assert.True(ProbeSocket.Closed.Task.Wait(Wait));
        var closing = Assert.Single(log.Entries, e => e.Message.Contains("no pong", StringComparison.Ordinal));
        Assert.Equal($"WebSocket from {ws.LocalEndPoint}: no pong for {silentSeconds:F1} s, closing", closing.Message);
    }

    [Fact]
    public void A_peer_that_stops_answering_pings_is_closed_when_the_ping_timeout_has_passed()
    {
        var clock = new ManualClock();
        var log = new ListLogger();
        using var server = PingingServer(clock, log);
        using var ws = new RawWebSocket(server.Port);
        Assert.Equal(101, ws.Handshake("/probe"));
        // Pings at 10, 20, 30 and 40 s, never answered; at 50 s the peer has been silent for 50 s > 40 s.
        for (int i = 0; i < 4; i++) ExpectPingAfterOneInterval(server, clock, ws);
        ExpectCloseAfterOneInterval(server, clock, ws, log, silentSeconds: 50);
    }

    [Fact]
    public void A_pong_restarts_the_ping_timeout()
    {
        var clock = new ManualClock();
        var log = new ListLogger();
        using var server = PingingServer(clock, log);
        using var ws = new RawWebSocket(server.Port);
        Assert.Equal(101, ws.Handshake("/probe"));
        for (int i = 0; i < 4; i++) ExpectPingAfterOneInterval(server, clock, ws);
        // The pong to the 40 s ping arrives at 40 s (the clock stands still until the server has read it).
        ws.Send(RawWebSocket.Frame(10, ""));
        Assert.Empty(Next(ProbeSocket.Pongs.Reader));
        // Silent from 40 s on: pings at 50, 60, 70 and 80 s (40 s of silence is not more than 40 s), closed at 90 s.
        for (int i = 0; i < 4; i++) ExpectPingAfterOneInterval(server, clock, ws);
        ExpectCloseAfterOneInterval(server, clock, ws, log, silentSeconds: 50);
    }

    [Fact]
    public void A_broadcast_sends_the_same_prepared_frame_to_every_socket()
    {
        var sockets = Enumerable.Range(0, 5).Select(_ => new RawWebSocket(_server.Port)).ToList();
        try
        {
            foreach (var ws in sockets) Assert.Equal(101, ws.Handshake("/probe"));
            for (int i = 0; i < 5; i++) Next(ProbeSocket.Opens.Reader);
            var done = _server.Invoke(() =>
            {
                var message = new WebSocketPreparedMessage("to everyone");
                return ProbeSocket.Open.Select(h => h.WriteMessage(message)).ToArray();
            });
            Assert.All(done, f => Assert.True(f.IsDone && f.Exception is null));
            foreach (var ws in sockets)
            {
                var frame = ReadSkippingPings(ws);
                Assert.Equal(1, frame.Opcode);
                Assert.Equal("to everyone", frame.Text);
            }
        }
        finally
        {
            foreach (var ws in sockets) ws.Dispose();
        }
    }
}
