namespace Squall.Web;

/// <summary>
/// Thrown by a handler to answer with <see cref="StatusCode"/> (Tornado's <c>HTTPError</c>); the message is logged,
/// not sent, unless the application runs in <c>Debug</c>.
/// </summary>
public class HttpError : Exception
{
    /// <summary>Creates the error.</summary>
    public HttpError(int status, string? message = null, string? reason = null)
        : base(message ?? Http.HttpStatus.Reason(status))
    {
        StatusCode = status;
        LogMessage = message;
        Reason = reason;
    }

    /// <summary>The HTTP status to answer with.</summary>
    public int StatusCode { get; }

    /// <summary>The message given by the thrower (logged).</summary>
    public string? LogMessage { get; }

    /// <summary>The reason phrase to send instead of the standard one.</summary>
    public string? Reason { get; }
}
