namespace Squall.Http;

/// <summary>A write or ping on a WebSocket that is closed or closing (Tornado's <c>WebSocketClosedError</c>).</summary>
public sealed class WebSocketClosedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WebSocketClosedException()
        : base("The WebSocket is closed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WebSocketClosedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public WebSocketClosedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
