// Squall WebSocket peer: /ws/echo echoes every message as it came (deflate when offered); /ws/broadcast sends
// every message to every open socket, encoded once (WebSocketPreparedMessage). Usage: SquallWs PORT
using Microsoft.Extensions.Logging;
using Squall;
using Squall.Http;
using Squall.Web;

var settings = new ApplicationSettings { Logger = new ConsoleLogger("squall", LogLevel.Warning) };
var app = new Application(Squall.Generated.Routes.Table, settings);
app.Listen(int.Parse(args[0]), "127.0.0.1");
Console.WriteLine("ready");
IOLoop.Current.Start();

[Route("/ws/echo")]
public sealed class EchoSocket : WebSocketHandler
{
    private static readonly WebSocketCompressionOptions Compression = new();

    public override WebSocketCompressionOptions? GetCompressionOptions() => Compression;

    public override Future OnMessage(WebSocketMessage message) => WriteMessage(message);
}

[Route("/ws/broadcast")]
public sealed class BroadcastSocket : WebSocketHandler
{
    private static readonly HashSet<BroadcastSocket> Room = new();

    public void Open() => Room.Add(this);

    public override void OnClose() => Room.Remove(this);

    public override Future OnMessage(WebSocketMessage message)
    {
        var prepared = new WebSocketPreparedMessage(message.Data.Span, message.IsBinary);
        foreach (var socket in Room) _ = socket.WriteMessage(prepared);
        return Future.Completed;
    }
}
