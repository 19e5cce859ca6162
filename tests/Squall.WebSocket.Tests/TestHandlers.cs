using Squall.Http;
using Squall.Web;

namespace Squall.WebSocket.Tests;

/// <summary>Echoes every message as it came (text as text, binary as binary); accepts permessage-deflate when offered.</summary>
public sealed class EchoSocket : WebSocketHandler
{
    public static WebSocketCompressionOptions? Compression { get; set; } = new();

    public override WebSocketCompressionOptions? GetCompressionOptions() => Compression;

    public override Future OnMessage(WebSocketMessage message) => WriteMessage(message);

    public override string? SelectSubprotocol(IReadOnlyList<string> subprotocols) => subprotocols.Contains("chat.v2") ? "chat.v2" : null;
}

/// <summary>Holds each message until the test releases it: OnMessage returns a pending future.</summary>
public sealed class SlowSocket : WebSocketHandler
{
    public static readonly System.Threading.Channels.Channel<(string Text, Future Gate)> Seen =
        System.Threading.Channels.Channel.CreateUnbounded<(string, Future)>();

    public override Future OnMessage(WebSocketMessage message)
    {
        var gate = new Future();
        Seen.Writer.TryWrite((message.Text, gate));
        return gate;
    }
}

/// <summary>Hand-built routes (the runtime alone, no generator): path → handler, Open without route values.</summary>
public static class TestRoutes
{
    public static RouteTable Table { get; } = new(Match, new RouteEntry[]
    {
        new("/echo", "EchoSocket", () => new EchoSocket(), (RequestHandler h, ref RouteValues v) => Run(h), false),
        new("/slow", "SlowSocket", () => new SlowSocket(), (RequestHandler h, ref RouteValues v) => Run(h), false),
        new("/probe", "ProbeSocket", () => new ProbeSocket(), (RequestHandler h, ref RouteValues v) => RunProbe(h), false),
        new("/sink", "SinkSocket", () => new SinkSocket(), (RequestHandler h, ref RouteValues v) => Run(h), false),
    });

    private static int Match(string path, ref RouteValues values) => path switch
    {
        "/echo" => 0,
        "/slow" => 1,
        "/probe" => 2,
        "/sink" => 3,
        _ => -1,
    };

    private static Future RunProbe(RequestHandler instance)
    {
        var handler = (ProbeSocket)instance;
        handler.RunPrepare().ThrowIfFailed();
        return handler.AcceptWebSocket(() =>
        {
            handler.Opening();
            return Future.Completed;
        });
    }

    private static Future Run(RequestHandler instance)
    {
        var handler = (WebSocketHandler)instance;
        var prepare = handler.RunPrepare();
        prepare.ThrowIfFailed();
        return handler.AcceptWebSocket(static () => Future.Completed);
    }
}

/// <summary>Reports its life to the behaviour tests and lets them drive it on the loop.</summary>
public sealed class ProbeSocket : WebSocketHandler
{
    public static TaskCompletionSource<ProbeSocket> Opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public static TaskCompletionSource<(int? Code, string? Reason)> Closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public static readonly List<ProbeSocket> Open = new();
    public static readonly System.Threading.Channels.Channel<ProbeSocket> Opens = System.Threading.Channels.Channel.CreateUnbounded<ProbeSocket>();
    public static readonly System.Threading.Channels.Channel<byte[]> Pongs = System.Threading.Channels.Channel.CreateUnbounded<byte[]>();

    public static void Reset()
    {
        Open.Clear();
        while (Opens.Reader.TryRead(out _)) { }
        while (Pongs.Reader.TryRead(out _)) { }
        Opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Opening()
    {
        Open.Add(this);
        Opened.TrySetResult(this);
        Opens.Writer.TryWrite(this);
    }

    public override Future OnMessage(WebSocketMessage message)
    {
        if (message.Text == "close-me") Close(4001, "asked to");
        return Future.Completed;
    }

    public override void OnClose()
    {
        Open.Remove(this);
        Closed.TrySetResult((CloseCode, CloseReason));
    }

    public override void OnPong(ReadOnlyMemory<byte> data) => Pongs.Writer.TryWrite(data.ToArray());
}

/// <summary>Counts messages and keeps nothing: for the allocation measurement.</summary>
public sealed class SinkSocket : WebSocketHandler
{
    public static int Count;
    public static int Target = int.MaxValue;
    public static TaskCompletionSource Reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Future OnMessage(WebSocketMessage message)
    {
        if (++Count == Target) Reached.TrySetResult();
        return Future.Completed;
    }
}
