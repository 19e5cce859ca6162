using System.Text;
using Squall.Http;
using Squall.Testing;
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
        _server = new AsyncHttpTestServer(TestRoutes.Table, new ApplicationSettings
        {
            WebSocketPingInterval = TimeSpan.FromMilliseconds(100),
            WebSocketPingTimeout = TimeSpan.FromMilliseconds(300),
        });
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

    [Fact]
    public void A_peer_that_stops_answering_pings_is_closed()
    {
        using var ws = new RawWebSocket(_server.Port);
        Assert.Equal(101, ws.Handshake("/probe"));
        // Read the server's pings and never answer: the ping timeout must end the connection.
        int pings = 0;
        while (true)
        {
            RawFrame frame;
            try
            {
                frame = ws.ReadFrame();
            }
            catch (EndOfStreamException)
            {
                break;
            }
            Assert.Equal(9, frame.Opcode);
            pings++;
        }
        Assert.True(pings >= 1);
        Assert.True(ProbeSocket.Closed.Task.Wait(Wait));
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
