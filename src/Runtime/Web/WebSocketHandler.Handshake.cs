using Microsoft.Extensions.Logging;
using Squall.Http;

namespace Squall.Web;

public abstract partial class WebSocketHandler
{
    // Handshake accepted without compression (null means the request was answered with an error).
    private static readonly PerMessageDeflate NoCompression = new();

    /// <summary>
    /// Checks the upgrade request (RFC 6455 §4.2.1, in Tornado's order) and writes the 101 headers; on failure answers
    /// with the status and a reason, logs it, and returns null.
    /// </summary>
    private PerMessageDeflate? NegotiateHandshake()
    {
        var request = Request;
        var headers = request.Headers;
        if (request.Method != "GET")
        {
            SetHeader("Allow", "GET");
            return Refuse(405, "A WebSocket upgrade must be a GET request.");
        }
        if (!WebSocketHandshake.HasToken(headers.GetList("Upgrade"), "websocket"))
            return Refuse(400, "Can \"Upgrade\" only to \"WebSocket\".");
        if (!WebSocketHandshake.HasToken(headers.GetList("Connection"), "upgrade"))
            return Refuse(400, "\"Connection\" must be \"Upgrade\".");
        string? origin = headers["Origin"] ?? headers["Sec-WebSocket-Origin"];
        if (origin is not null && !CheckOrigin(origin))
            return Refuse(403, "Cross origin websockets not allowed");
        if (headers["Sec-WebSocket-Version"]?.Trim() != "13")
        {
            // §4.4: tell the client which version we speak.
            SetHeader("Sec-WebSocket-Version", "13");
            return Refuse(426, "Unsupported WebSocket version (this server speaks 13).");
        }
        string? key = headers["Sec-WebSocket-Key"];
        if (!WebSocketHandshake.IsValidKey(key))
            return Refuse(400, "Missing or invalid Sec-WebSocket-Key.");

        var offered = new List<string>();
        foreach (var value in headers.GetList("Sec-WebSocket-Protocol"))
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                offered.Add(part);
        if (offered.Count > 0)
        {
            var chosen = SelectSubprotocol(offered);
            if (chosen is not null)
            {
                // §4.2.2: the server may only choose one the client offered.
                if (!offered.Contains(chosen)) throw new InvalidOperationException($"SelectSubprotocol chose \"{chosen}\", which the client did not offer.");
                SelectedSubprotocol = chosen;
            }
        }

        PerMessageDeflate? deflate = null;
        if (GetCompressionOptions() is { } options)
            deflate = PerMessageDeflate.Accept(string.Join(", ", headers.GetList("Sec-WebSocket-Extensions")), options);

        Clear();
        ClearHeader("Content-Type");
        SetStatus(101);
        SetHeader("Upgrade", "websocket");
        SetHeader("Connection", "Upgrade");
        SetHeader("Sec-WebSocket-Accept", WebSocketHandshake.ComputeAccept(key!));
        if (SelectedSubprotocol is not null) SetHeader("Sec-WebSocket-Protocol", SelectedSubprotocol);
        if (deflate is not null) SetHeader("Sec-WebSocket-Extensions", deflate.ResponseHeader);
        return deflate ?? NoCompression;
    }

    private PerMessageDeflate? Refuse(int status, string reason)
    {
        Application.Logger.LogInformation("WebSocket handshake refused ({Status}) for {Uri} from {Remote}: {Reason}", status, Request.Uri, Request.RemoteIp, reason);
        SetStatus(status);
        SetHeader("Content-Type", "text/plain; charset=utf-8");
        Write(reason);
        Finish();
        return null;
    }
}
