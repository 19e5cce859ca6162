using System.Text.Json;
using System.Text.Json.Serialization;
using Squall;
using Squall.Http;
using Squall.Web;

namespace SquallChat;

/// <summary><c>GET /</c>: the chat page; its script talks to <see cref="ChatSocketHandler"/>.</summary>
[Route("/")]
public sealed class ChatPageHandler : RequestHandler
{
    public void Get() => Write(ChatPage.Html);
}

/// <summary>
/// <c>/chatsocket</c>: every open socket is in one room. A client sends <c>{"body":"..."}</c>; every socket, the sender
/// included, receives <c>{"id":N,"body":"..."}</c>. Anything else closes the sender's socket with 1007 and a reason.
/// </summary>
[Route("/chatsocket")]
public sealed class ChatSocketHandler : WebSocketHandler
{
    // The room lives on the IOLoop thread, like every handler: no lock is needed.
    private static readonly HashSet<ChatSocketHandler> Room = new();
    private static long s_lastId;

    public void Open() => Room.Add(this);

    public override void OnClose() => Room.Remove(this);

    public override Future OnMessage(WebSocketMessage message)
    {
        IncomingMessage? incoming = null;
        if (message.IsText)
        {
            try
            {
                incoming = JsonSerializer.Deserialize(message.Data.Span, ChatJsonContext.Default.IncomingMessage);
            }
            catch (JsonException)
            {
            }
        }
        if (string.IsNullOrWhiteSpace(incoming?.Body))
        {
            Close(WebSocketCloseCodes.InvalidPayload, "expected {\"body\": \"...\"}");
            return Future.Completed;
        }

        var outgoing = new ChatMessage(++s_lastId, incoming.Body);
        string json = JsonSerializer.Serialize(outgoing, ChatJsonContext.Default.ChatMessage);
        foreach (var socket in Room.ToArray())
        {
            // A copy: a socket that went away without a close frame fails its write and leaves the room in OnClose.
            if (!socket.IsClosing) _ = socket.WriteMessage(json);
        }
        return Future.Completed;
    }
}

public sealed record IncomingMessage(string? Body);

public sealed record ChatMessage(long Id, string Body);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IncomingMessage))]
[JsonSerializable(typeof(ChatMessage))]
internal sealed partial class ChatJsonContext : JsonSerializerContext
{
}
