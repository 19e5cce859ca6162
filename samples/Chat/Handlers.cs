using Squall;
using System.Net;
using System.Text;
using System.Text.Json.Serialization;
using Squall.Web;

namespace Chat;

/// <summary>The chat page: the cached messages and a form (Tornado's <c>MainHandler</c>).</summary>
[Route("/")]
public sealed class MainHandler : RequestHandler
{
    public void Get()
    {
        var html = new StringBuilder();
        html.Append(Page.Head);
        foreach (var m in ChatApp.Buffer.Cache) html.Append(m.Html);
        html.Append(Page.Form.Replace("{xsrf}", XsrfFormHtml(), StringComparison.Ordinal));
        Write(html.ToString());
    }
}

/// <summary><c>POST /a/message/new</c>: adds a message; JSON for scripts, a redirect for plain forms.</summary>
[Route("/a/message/new")]
public sealed class MessageNewHandler : RequestHandler
{
    public void Post()
    {
        string body = GetArgument("body");
        if (body.Length == 0) throw new HttpError(400, "empty message", "Empty message");
        var message = ChatMessage.Create(body);
        ChatApp.Room.Post(message);
        if (GetArgument("next", null) is { } next && next.StartsWith('/') && !next.StartsWith("//", StringComparison.Ordinal))
            Redirect(next);
        else
            Write(message, ChatJsonContext.Default.ChatMessage);
    }
}

/// <summary>
/// <c>POST /a/message/updates</c>: long-polls for messages after <c>cursor</c>; the wait is cancelled when the client
/// goes away, so an abandoned poll leaves nothing behind (Tornado's <c>MessageUpdatesHandler</c>).
/// </summary>
[Route("/a/message/updates")]
public sealed class MessageUpdatesHandler : RequestHandler
{
    private Future? _wait;

    public async Future Post()
    {
        string? cursor = GetArgument("cursor", null);
        var messages = ChatApp.Buffer.GetMessagesSince(cursor);
        while (messages.Count == 0)
        {
            _wait = ChatApp.Buffer.WaitForMessages();
            try
            {
                await _wait;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (Request.Connection.Closed) return;
            messages = ChatApp.Buffer.GetMessagesSince(cursor);
        }
        Write(new Updates(messages), ChatJsonContext.Default.Updates);
    }

    public override void OnConnectionClose() => _wait?.Cancel();
}

public sealed record ChatMessage(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("html")] string Html)
{
    /// <summary>A new message with a unique id and its HTML-escaped rendering.</summary>
    public static ChatMessage Create(string body)
    {
        string id = Guid.NewGuid().ToString("N");
        return new ChatMessage(id, body, "<div class=\"message\" id=\"m" + id + "\">" + WebUtility.HtmlEncode(body) + "</div>\n");
    }
}

public sealed record Updates([property: JsonPropertyName("messages")] List<ChatMessage> Messages);

[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(Updates))]
[JsonSerializable(typeof(IncomingMessage))]
internal sealed partial class ChatJsonContext : JsonSerializerContext
{
}
