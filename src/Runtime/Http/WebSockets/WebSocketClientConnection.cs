namespace Squall.Http;

/// <summary>
/// The client end of a WebSocket (Tornado's <c>WebSocketClientConnection</c>), made by
/// <see cref="WebSocketClient.Connect(string, IReadOnlyList{string}?, WebSocketCompressionOptions?)"/>. Messages are
/// read with <see cref="ReadMessage"/>: the connection receives the next one only after the previous was read, so a
/// slow reader slows the server down instead of filling memory. Loop-thread only.
/// </summary>
public sealed class WebSocketClientConnection : IWebSocketEvents
{
    private readonly WebSocketProtocol _protocol;
    private WebSocketMessage? _unread;
    private Future? _unreadGate;
    private Future<WebSocketMessage?>? _reader;
    private bool _closed;
    private readonly Future _closedFuture = new();

    internal WebSocketClientConnection(IO.IOStream stream, WebSocketSettings settings, PerMessageDeflate? deflate, string? subprotocol)
    {
        _protocol = new WebSocketProtocol(stream, this, isClient: true, settings, deflate);
        SelectedSubprotocol = subprotocol;
    }

    internal void Start() => _ = _protocol.RunAsync();

    /// <summary>The subprotocol the server chose, or null.</summary>
    public string? SelectedSubprotocol { get; }

    /// <summary>The negotiated <c>Sec-WebSocket-Extensions</c>, or null.</summary>
    public string? Extensions => _protocol.Extensions;

    /// <summary>The status code of the server's close frame; null if none came.</summary>
    public int? CloseCode => _protocol.CloseCode;

    /// <summary>The reason of the server's close frame.</summary>
    public string? CloseReason => _protocol.CloseReason;

    /// <summary>Completes when the connection is over.</summary>
    public Future Closed => _closedFuture;

    /// <summary>The next message, or null once the connection is closed (Tornado's <c>read_message</c>). One read at a time.</summary>
    public Future<WebSocketMessage?> ReadMessage()
    {
        if (_reader is not null) throw new InvalidOperationException("A ReadMessage is already pending.");
        if (_unread is { } message)
        {
            _unread = null;
            var gate = _unreadGate;
            _unreadGate = null;
            gate?.TrySetResult(); // the connection may now receive the next message
            return Future.FromResult<WebSocketMessage?>(message);
        }
        if (_closed) return Future.FromResult<WebSocketMessage?>(null);
        return _reader = new Future<WebSocketMessage?>();
    }

    /// <summary>Sends a text message; done when flushed to the kernel.</summary>
    public Future WriteMessage(string message) => _protocol.WriteText(message);

    /// <summary>Sends a binary message (or UTF-8 bytes as text with <paramref name="binary"/> false); done when flushed.</summary>
    public Future WriteMessage(ReadOnlyMemory<byte> message, bool binary = true) => _protocol.WriteMessage(message.Span, binary);

    /// <summary>Sends a ping (at most 125 bytes).</summary>
    public Future Ping(ReadOnlyMemory<byte> data = default) => _protocol.Ping(data.Span);

    /// <summary>Starts the close handshake; <see cref="Closed"/> completes when the server has closed the connection.</summary>
    public void Close(int code = WebSocketCloseCodes.Normal, string? reason = null) => _protocol.Close(code, reason);

    /// <summary>Pongs received, newest last (for <see cref="Ping"/> round trips).</summary>
    public event Action<ReadOnlyMemory<byte>>? PongReceived;

    Future IWebSocketEvents.OnMessage(WebSocketMessage message)
    {
        if (_reader is { } reader)
        {
            _reader = null;
            reader.SetResult(message);
            return Future.Completed;
        }
        _unread = message;
        return _unreadGate = new Future();
    }

    void IWebSocketEvents.OnPong(byte[] payload) => PongReceived?.Invoke(payload);

    void IWebSocketEvents.OnClosed()
    {
        _closed = true;
        if (_reader is { } reader)
        {
            _reader = null;
            reader.SetResult(null);
        }
        _closedFuture.TrySetResult();
    }
}
