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
    public static readonly List<Future> Pending = new();
    public static readonly List<string> Seen = new();

    public override Future OnMessage(WebSocketMessage message)
    {
        Seen.Add(message.Text);
        var gate = new Future();
        Pending.Add(gate);
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
    });

    private static int Match(string path, ref RouteValues values) => path switch
    {
        "/echo" => 0,
        "/slow" => 1,
        _ => -1,
    };

    private static Future Run(RequestHandler instance)
    {
        var handler = (WebSocketHandler)instance;
        var prepare = handler.RunPrepare();
        prepare.ThrowIfFailed();
        return handler.AcceptWebSocket(static () => Future.Completed);
    }
}
