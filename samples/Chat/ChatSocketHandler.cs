using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Squall;
using Squall.Http;
using Squall.Web;

namespace Chat;

/// <summary>
/// <c>/chatsocket</c>: Tornado's websocket chat demo. A client sends <c>{"body": "..."}</c>; every open socket, the
/// sender included, receives <c>{"id", "body", "html"}</c>. Messages posted through the long-poll form reach the
/// sockets too (and socket messages reach long-pollers): both go through <see cref="ChatApp.Room"/> (every node's, with <c>--redis</c>) into <see cref="ChatApp.Buffer"/>.
/// </summary>
[Route("/chatsocket")]
public sealed class ChatSocketHandler : WebSocketHandler
{
    // Loop-affine, like the buffer: the demo serves one room on one loop.
    private static readonly HashSet<ChatSocketHandler> Sockets = new();

    static ChatSocketHandler() => ChatApp.Buffer.MessageAdded += Broadcast;

    /// <summary>Sockets open now (for tests).</summary>
    public static int OpenCount => Sockets.Count;

    public void Open() => Sockets.Add(this);

    public override void OnClose() => Sockets.Remove(this);

    public override Future OnMessage(WebSocketMessage message)
    {
        IncomingMessage? incoming;
        try
        {
            incoming = JsonSerializer.Deserialize(message.Data.Span, ChatJsonContext.Default.IncomingMessage);
        }
        catch (JsonException)
        {
            incoming = null;
        }
        if (incoming?.Body is not { Length: > 0 } body)
        {
            // Bad input gets a clear answer: 1007 (data inconsistent with the message type) with the reason.
            Close(WebSocketCloseCodes.InvalidPayload, "expected {\"body\": \"...\"}");
            return Future.Completed;
        }
        ChatApp.Room.Post(ChatMessage.Create(body));
        return Future.Completed;
    }

    /// <summary>Sends <paramref name="message"/> to every open socket, encoded once for all of them.</summary>
    private static void Broadcast(ChatMessage message)
    {
        if (Sockets.Count == 0) return;
        var prepared = new WebSocketPreparedMessage(JsonSerializer.SerializeToUtf8Bytes(message, ChatJsonContext.Default.ChatMessage), binary: false);
        foreach (var socket in Sockets)
        {
            // A socket that vanished without a close frame fails its write (its OnClose follows): the others go on.
            if (!socket.IsClosing) _ = socket.WriteMessage(prepared);
        }
    }
}

/// <summary>What a client sends on the socket.</summary>
public sealed record IncomingMessage([property: JsonPropertyName("body")] string? Body);
