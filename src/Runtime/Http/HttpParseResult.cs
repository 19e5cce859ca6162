namespace Squall.Http;

/// <summary>Outcome of one parser call.</summary>
public enum HttpParseStatus
{
    /// <summary>More bytes are needed; nothing was consumed and no callback ran.</summary>
    Incomplete,
    /// <summary>The start line and all headers were parsed; <see cref="HttpParseResult.Consumed"/> bytes belong to them.</summary>
    Complete,
    /// <summary>The input is invalid; see <see cref="HttpParseResult.Reason"/>.</summary>
    Error,
}

/// <summary>What <see cref="HttpParser"/> found (Kestrel's <c>HttpParseResult</c> shape: no exceptions on the parse path).</summary>
public readonly record struct HttpParseResult(HttpParseStatus Status, int Consumed, RequestRejectionReason Reason)
{
    /// <summary>Needs more bytes.</summary>
    public static HttpParseResult Incomplete => new(HttpParseStatus.Incomplete, 0, RequestRejectionReason.None);

    /// <summary>Parsed, consuming <paramref name="consumed"/> bytes.</summary>
    public static HttpParseResult Complete(int consumed) => new(HttpParseStatus.Complete, consumed, RequestRejectionReason.None);

    /// <summary>Rejected for <paramref name="reason"/>.</summary>
    public static HttpParseResult Error(RequestRejectionReason reason) => new(HttpParseStatus.Error, 0, reason);
}
