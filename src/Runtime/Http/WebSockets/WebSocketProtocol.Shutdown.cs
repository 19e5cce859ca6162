namespace Squall.Http;

internal sealed partial class WebSocketProtocol
{
    /// <summary>Runs once when the connection has ended (after <see cref="IWebSocketEvents.OnClosed"/>): the server's bookkeeping.</summary>
    internal Action? Terminated { get; set; }

    /// <summary>Server shutdown: close 1001 (Going Away, RFC 6455 §7.4.1); the peer's answer or the close timeout ends it.</summary>
    internal void CloseGoingAway() => Close(WebSocketCloseCodes.GoingAway, "Server shutting down");

    /// <summary>Cuts the connection now (a shutdown whose timeout passed).</summary>
    internal void Abort() => _stream.Close();
}
