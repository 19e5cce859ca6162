using System.ComponentModel;
using Squall.Http;

namespace Squall.Web;

/// <summary>
/// Base class of WebSocket endpoints (Tornado's <c>WebSocketHandler</c>), routed with <see cref="RouteAttribute"/>.
/// Declare <c>Open(...)</c> (returning <c>void</c> or <see cref="Future"/>; its parameters are bound from route
/// values by the generator, as verb methods' are) and override <see cref="OnMessage"/>, <see cref="OnClose"/>,
/// <see cref="OnPong"/>. The handler answers <c>GET</c> with the upgrade (other methods get 405), runs
/// <see cref="RequestHandler.Prepare"/> first (it may reject with a status), then takes the connection out of HTTP
/// for good. All callbacks run on the loop thread, one at a time.
/// </summary>
public abstract partial class WebSocketHandler : RequestHandler, IWebSocketEvents
{
    private WebSocketProtocol? _protocol;
    private bool _closedReported;

    /// <summary>
    /// A message arrived (Tornado's <c>on_message</c>), text or binary. Return <see cref="Future.Completed"/>, or make
    /// it <c>async Future</c>: while the future is pending the next message is not delivered.
    /// </summary>
    public virtual Future OnMessage(WebSocketMessage message) => Future.Completed;

    /// <summary>The connection is over (Tornado's <c>on_close</c>): see <see cref="CloseCode"/> and <see cref="CloseReason"/>.</summary>
    public virtual void OnClose() { }

    /// <summary>A pong arrived (Tornado's <c>on_pong</c>).</summary>
    public virtual void OnPong(ReadOnlyMemory<byte> data) { }

    /// <summary>The status code the client closed with; null when it sent none (or has not closed).</summary>
    public int? CloseCode => _protocol?.CloseCode;

    /// <summary>The reason the client closed with.</summary>
    public string? CloseReason => _protocol?.CloseReason;

    /// <summary>The subprotocol chosen by <see cref="SelectSubprotocol"/>, or null.</summary>
    public string? SelectedSubprotocol { get; private set; }

    /// <summary>The negotiated <c>Sec-WebSocket-Extensions</c> (permessage-deflate parameters), or null.</summary>
    public string? Extensions => _protocol?.Extensions;

    /// <summary>True once the connection is closing or closed: writes then fail with <see cref="WebSocketClosedException"/>.</summary>
    public bool IsClosing => _protocol is null || _protocol.IsClosing;

    /// <summary>Sends a text message; the future completes when the bytes reached the kernel (the backpressure).</summary>
    public Future WriteMessage(string message) => Protocol.WriteText(message);

    /// <summary>Sends a binary message (or, with <paramref name="binary"/> false, UTF-8 bytes as a text message).</summary>
    public Future WriteMessage(ReadOnlyMemory<byte> message, bool binary = true) => Protocol.WriteMessage(message.Span, binary);

    /// <summary>Sends a received message on as it came: text as text, binary as binary.</summary>
    public Future WriteMessage(WebSocketMessage message) => Protocol.WriteMessage(message.Data.Span, message.IsBinary);

    /// <summary>Sends a message encoded once for many sockets (a broadcast): see <see cref="WebSocketPreparedMessage"/>.</summary>
    public Future WriteMessage(WebSocketPreparedMessage message) => Protocol.WritePrepared(message);

    /// <summary>Starts the close handshake (Tornado's <c>close</c>); <see cref="OnClose"/> runs when it ends.</summary>
    public void Close(int code = WebSocketCloseCodes.Normal, string? reason = null) => _protocol?.Close(code, reason);

    /// <summary>Sends a ping (at most 125 bytes); the client's pong reaches <see cref="OnPong"/>.</summary>
    public Future Ping(ReadOnlyMemory<byte> data = default) => Protocol.Ping(data.Span);

    /// <summary>
    /// Picks one of the subprotocols the client offered (<c>Sec-WebSocket-Protocol</c>), or null for none
    /// (Tornado's <c>select_subprotocol</c>). Called during the handshake.
    /// </summary>
    public virtual string? SelectSubprotocol(IReadOnlyList<string> subprotocols) => null;

    /// <summary>
    /// Whether to accept a browser's <c>Origin</c> (Tornado's <c>check_origin</c>). By default only the same host: a
    /// page from another site must not use the visitor's cookies here. Refused → 403.
    /// </summary>
    public virtual bool CheckOrigin(string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var parsed)) return false;
        string originHost = parsed.IsDefaultPort ? parsed.Host : parsed.Host + ":" + parsed.Port;
        return string.Equals(originHost, Request.Headers["Host"], StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// permessage-deflate settings, or null (the default) to decline compression (Tornado's
    /// <c>get_compression_options</c>).
    /// </summary>
    public virtual WebSocketCompressionOptions? GetCompressionOptions() => null;

    private WebSocketProtocol Protocol => _protocol ?? throw new WebSocketClosedException("The WebSocket is not open yet.");

    Future IWebSocketEvents.OnMessage(WebSocketMessage message) => OnMessage(message);

    void IWebSocketEvents.OnPong(byte[] payload) => OnPong(payload);

    void IWebSocketEvents.OnClosed()
    {
        if (_closedReported) return;
        _closedReported = true;
        OnClose();
    }

    /// <summary>
    /// Generated dispatch only: answers the upgrade request (after <c>Prepare</c>), then runs <paramref name="open"/>
    /// and the connection. Handshake failures are answered with their status here; the returned future is done.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Future AcceptWebSocket(Func<Future> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        WebSocketProtocol protocol;
        try
        {
            var deflate = NegotiateHandshake();
            if (deflate is null && Finished)
            {
                CompleteRequest();
                return Future.Completed;
            }
            var stream = Request.Connection.Detach();
            Finish();
            CompleteRequest();
            var settings = Settings;
            protocol = new WebSocketProtocol(stream, this, isClient: false, new WebSocketSettings
            {
                MaxMessageSize = settings.WebSocketMaxMessageSize,
                PingInterval = settings.WebSocketPingInterval,
                PingTimeout = settings.WebSocketPingTimeout,
                CloseTimeout = settings.WebSocketCloseTimeout,
            }, deflate == NoCompression ? null : deflate);
            _protocol = protocol;
        }
        catch (Exception e)
        {
            HandleRequestException(e);
            CompleteRequest();
            return Future.Completed;
        }
        _ = RunAsync(protocol, open);
        return Future.Completed;
    }

    private async Future RunAsync(WebSocketProtocol protocol, Func<Future> open)
    {
        try
        {
            // Tornado: no message is delivered before open (a coroutine too) has finished.
            await open();
        }
        catch (Exception e)
        {
            Application.LogUncaught(this, e);
            protocol.Close(WebSocketCloseCodes.InternalError, "Internal error");
        }
        await protocol.RunAsync();
    }
}
