// Kestrel WebSocket peer: /ws/echo echoes every message as it came; /ws/broadcast sends every message to every
// open socket. permessage-deflate is accepted when the client offers it. The address comes from --urls.
using System.Collections.Concurrent;
using System.Net.WebSockets;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.UseWebSockets();
var room = new ConcurrentDictionary<WebSocket, SemaphoreSlim>();

app.Map("/ws/echo", async (HttpContext context) =>
{
    if (!context.WebSockets.IsWebSocketRequest) { context.Response.StatusCode = 400; return; }
    using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = true });
    var buffer = new byte[64 * 1024];
    while (true)
    {
        var received = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
        if (received.MessageType == WebSocketMessageType.Close) break;
        await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, CancellationToken.None);
    }
    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
});

app.Map("/ws/broadcast", async (HttpContext context) =>
{
    if (!context.WebSockets.IsWebSocketRequest) { context.Response.StatusCode = 400; return; }
    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    room[socket] = new SemaphoreSlim(1);
    var buffer = new byte[64 * 1024];
    try
    {
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            if (received.MessageType == WebSocketMessageType.Close) break;
            var payload = buffer.AsMemory(0, received.Count).ToArray();
            await Task.WhenAll(room.Select(async pair =>
            {
                await pair.Value.WaitAsync();
                try { await pair.Key.SendAsync(payload, WebSocketMessageType.Text, true, CancellationToken.None); }
                catch (WebSocketException) { }
                finally { pair.Value.Release(); }
            }));
        }
    }
    finally
    {
        room.TryRemove(socket, out _);
    }
});
app.Run();
