using System.Text;
using Squall.IO;

namespace Squall.Http;

/// <summary>Opens client WebSocket connections (Tornado's <c>websocket_connect</c>).</summary>
public static class WebSocketClient
{
    private const int MaxHeadSize = 64 * 1024;

    /// <summary>Connects to a <c>ws://</c> (or <c>http://</c>) URL.</summary>
    public static Future<WebSocketClientConnection> Connect(string url, IReadOnlyList<string>? subprotocols = null, WebSocketCompressionOptions? compression = null) =>
        Connect(new HttpRequest(url), subprotocols, compression);

    /// <summary>
    /// Connects with a full request: its <c>Headers</c> are sent with the handshake, <c>ConnectTimeout</c> bounds the TCP
    /// connect and <c>RequestTimeout</c> the whole handshake; both raise <see cref="HttpClientError"/> with code 599, as
    /// does a response that is not a valid upgrade. A non-101 answer raises it with that status.
    /// </summary>
    public static Future<WebSocketClientConnection> Connect(HttpRequest request, IReadOnlyList<string>? subprotocols = null,
        WebSocketCompressionOptions? compression = null, long maxMessageSize = 10 * 1024 * 1024, TimeSpan? pingInterval = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ConnectAsync(request, subprotocols, compression, new WebSocketSettings { MaxMessageSize = maxMessageSize, PingInterval = pingInterval });
    }

    private static async Future<WebSocketClientConnection> ConnectAsync(HttpRequest request, IReadOnlyList<string>? subprotocols,
        WebSocketCompressionOptions? compression, WebSocketSettings settings)
    {
        var uri = ParseUrl(request.Url);
        var loop = IOLoop.Current;
        IOStream? stream = null;
        bool timedOut = false;
        var timer = loop.CallLater(request.RequestTimeout, () =>
        {
            timedOut = true;
            stream?.Close(new TimeoutException("WebSocket handshake timed out"));
        });
        try
        {
            try
            {
                stream = await Gen.WithTimeout(request.RequestTimeout, TcpClient.Connect(uri.DnsSafeHost, uri.Port, request.ConnectTimeout));
            }
            catch (TimeoutException e)
            {
                throw new HttpClientError(599, "Timeout while connecting", inner: e);
            }
            catch (Exception e)
            {
                throw new HttpClientError(599, "Connection failed: " + e.Message, inner: e);
            }
            if (timedOut)
            {
                stream.Close();
                throw new HttpClientError(599, "Timeout while connecting");
            }
            string key = WebSocketHandshake.NewKey();
            await stream.Write(BuildRequest(request, uri, key, subprotocols, compression));
            byte[] head = await stream.ReadUntil("\r\n\r\n"u8, MaxHeadSize);
            // The same strict parser as every client response: a handshake answer is a response head.
            var parsed = ResponseHead.Parse(head, null);
            var (code, reason, headers) = (parsed.Code, parsed.Reason, parsed.Headers);
            if (code != 101)
            {
                stream.Close();
                throw new HttpClientError(code, reason, new HttpResponse(request, code, reason, headers, ReadOnlyMemory<byte>.Empty, request.Url, TimeSpan.Zero));
            }
            var (deflate, subprotocol) = Validate(headers, key, subprotocols, compression);
            var connection = new WebSocketClientConnection(stream, settings, deflate, subprotocol);
            connection.Start();
            return connection;
        }
        catch (HttpClientError)
        {
            stream?.Close();
            throw;
        }
        catch (Exception e)
        {
            stream?.Close();
            if (timedOut) throw new HttpClientError(599, "Timeout during the WebSocket handshake", inner: e);
            throw new HttpClientError(599, "WebSocket handshake failed: " + e.Message, inner: e);
        }
        finally
        {
            loop.RemoveTimeout(timer);
        }
    }

    private static Uri ParseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) throw new ArgumentException("Not an absolute URL: " + url, nameof(url));
        var scheme = uri.Scheme.ToLowerInvariant();
        if (scheme is "ws" or "http")
        {
            if (uri.IsDefaultPort || uri.Port < 0) uri = new UriBuilder(uri) { Port = 80 }.Uri;
            return uri;
        }
        if (scheme is "wss" or "https") throw new NotSupportedException("wss:// needs TLS on the client stream, which this build does not have yet.");
        throw new ArgumentException("A WebSocket URL starts with ws:// (or http://): " + url, nameof(url));
    }

    private static byte[] BuildRequest(HttpRequest request, Uri uri, string key, IReadOnlyList<string>? subprotocols, WebSocketCompressionOptions? compression)
    {
        var sb = new StringBuilder();
        sb.Append("GET ").Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n");
        if (request.Headers["Host"] is null) sb.Append("Host: ").Append(uri.IsDefaultPort ? uri.Host : uri.Authority).Append("\r\n");
        sb.Append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
        sb.Append("Sec-WebSocket-Key: ").Append(key).Append("\r\n");
        sb.Append("Sec-WebSocket-Version: 13\r\n");
        if (subprotocols is { Count: > 0 }) sb.Append("Sec-WebSocket-Protocol: ").Append(string.Join(", ", subprotocols)).Append("\r\n");
        if (compression is not null) sb.Append("Sec-WebSocket-Extensions: ").Append(PerMessageDeflate.Offer(compression)).Append("\r\n");
        if (request.UserAgent is { } agent && request.Headers["User-Agent"] is null) sb.Append("User-Agent: ").Append(agent).Append("\r\n");
        foreach (var (name, value) in request.Headers)
        {
            if (name.AsSpan().IndexOfAny("\r\n:") >= 0 || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
                throw new ArgumentException($"Invalid header {name}: CR, LF or colon.");
            sb.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        sb.Append("\r\n");
        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    /// <summary>§4.1's checks of the server's 101: upgrade tokens, the accept hash, an offered subprotocol, an offered extension.</summary>
    private static (PerMessageDeflate? Deflate, string? Subprotocol) Validate(HttpHeaders headers, string key,
        IReadOnlyList<string>? subprotocols, WebSocketCompressionOptions? compression)
    {
        if (!WebSocketHandshake.HasToken(headers.GetList("Upgrade"), "websocket")) throw new HttpClientError(599, "The server's 101 lacks Upgrade: websocket");
        if (!WebSocketHandshake.HasToken(headers.GetList("Connection"), "upgrade")) throw new HttpClientError(599, "The server's 101 lacks Connection: Upgrade");
        if (headers["Sec-WebSocket-Accept"]?.Trim() != WebSocketHandshake.ComputeAccept(key))
            throw new HttpClientError(599, "Invalid Sec-WebSocket-Accept from the server");
        string? subprotocol = headers["Sec-WebSocket-Protocol"]?.Trim();
        if (subprotocol is not null && (subprotocols is null || !subprotocols.Contains(subprotocol)))
            throw new HttpClientError(599, "The server chose a subprotocol that was not offered: " + subprotocol);
        PerMessageDeflate? deflate = null;
        var extensions = string.Join(", ", headers.GetList("Sec-WebSocket-Extensions"));
        if (extensions.Length > 0)
        {
            if (compression is null) throw new HttpClientError(599, "The server accepted an extension that was not offered: " + extensions);
            deflate = PerMessageDeflate.Confirm(extensions, compression)
                ?? throw new HttpClientError(599, "Invalid permessage-deflate response: " + extensions);
        }
        return (deflate, subprotocol);
    }
}
