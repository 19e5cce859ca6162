namespace Squall.Http;

/// <summary>Limits and timers of one WebSocket connection (from the application settings or the client's options).</summary>
internal sealed class WebSocketSettings
{
    public long MaxMessageSize { get; init; } = 10 * 1024 * 1024;

    public TimeSpan? PingInterval { get; init; }

    public TimeSpan? PingTimeout { get; init; }

    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>What a <see cref="WebSocketProtocol"/> reports to its owner (the server handler or the client connection).</summary>
internal interface IWebSocketEvents
{
    /// <summary>A complete message; while the returned future is pending the next message is not read.</summary>
    Future OnMessage(WebSocketMessage message);

    /// <summary>A pong arrived (the payload is a copy).</summary>
    void OnPong(byte[] payload);

    /// <summary>The connection is over (once): the close handshake finished, the peer vanished or the protocol failed.</summary>
    void OnClosed();
}
