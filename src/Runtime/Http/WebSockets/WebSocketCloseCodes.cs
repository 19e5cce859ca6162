namespace Squall.Http;

/// <summary>Close status codes (RFC 6455 §7.4) and which of them may appear in a close frame.</summary>
public static class WebSocketCloseCodes
{
    /// <summary>Normal closure.</summary>
    public const int Normal = 1000;
    /// <summary>The endpoint is going away (server shutdown, page navigated away).</summary>
    public const int GoingAway = 1001;
    /// <summary>The peer broke the protocol.</summary>
    public const int ProtocolError = 1002;
    /// <summary>A data type the endpoint cannot accept.</summary>
    public const int UnsupportedData = 1003;
    /// <summary>No status code was present (never sent on the wire).</summary>
    public const int NoStatus = 1005;
    /// <summary>The connection closed without a close frame (never sent on the wire).</summary>
    public const int Abnormal = 1006;
    /// <summary>A text message was not valid UTF-8.</summary>
    public const int InvalidPayload = 1007;
    /// <summary>A message violated the endpoint's policy.</summary>
    public const int PolicyViolation = 1008;
    /// <summary>A message was larger than the endpoint accepts.</summary>
    public const int MessageTooBig = 1009;
    /// <summary>The client wanted an extension the server did not negotiate.</summary>
    public const int MandatoryExtension = 1010;
    /// <summary>The server hit an unexpected condition.</summary>
    public const int InternalError = 1011;

    /// <summary>
    /// True when <paramref name="code"/> may appear in a close frame: the registered 1000–1003, 1007–1014, and the
    /// ranges 3000–4999 for libraries and applications. 1004–1006 and 1015 are reserved and never sent (§7.4.1).
    /// </summary>
    public static bool IsValidOnWire(int code) =>
        code is >= 1000 and <= 1003 or >= 1007 and <= 1014 or >= 3000 and <= 4999;
}
