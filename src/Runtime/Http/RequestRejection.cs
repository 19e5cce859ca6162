namespace Squall.Http;

/// <summary>The one place where a <see cref="RequestRejectionReason"/> becomes a status code and a message.</summary>
public static class RequestRejection
{
    /// <summary>The response status for <paramref name="reason"/>.</summary>
    public static int StatusCode(RequestRejectionReason reason) => reason switch
    {
        RequestRejectionReason.UnrecognizedHttpVersion => 505,
        RequestRejectionReason.HeadersTooLarge => 431,
        RequestRejectionReason.BodyTooLarge => 413,
        RequestRejectionReason.UnsupportedTransferEncoding => 501,
        RequestRejectionReason.HeaderTimeout or RequestRejectionReason.BodyTimeout => 408,
        _ => 400,
    };

    /// <summary>A short message naming what was wrong (sent as the response body and logged).</summary>
    public static string Message(RequestRejectionReason reason) => reason switch
    {
        RequestRejectionReason.InvalidRequestLine => "Malformed request line",
        RequestRejectionReason.InvalidRequestTarget => "Invalid request target",
        RequestRejectionReason.UnrecognizedHttpVersion => "HTTP version not supported",
        RequestRejectionReason.InvalidHeaderLine => "Malformed header line",
        RequestRejectionReason.InvalidHeaderName => "Invalid characters in header name",
        RequestRejectionReason.InvalidHeaderValue => "Invalid characters in header value",
        RequestRejectionReason.ObsoleteLineFolding => "Obsolete line folding is not accepted",
        RequestRejectionReason.InvalidLineEnding => "Lines must end with CRLF",
        RequestRejectionReason.HeadersTooLarge => "Request header fields too large",
        RequestRejectionReason.MissingOrMultipleHost => "HTTP/1.1 requires exactly one Host header",
        RequestRejectionReason.ContentLengthWithTransferEncoding => "Content-Length and Transfer-Encoding together",
        RequestRejectionReason.InvalidContentLength => "Invalid or conflicting Content-Length",
        RequestRejectionReason.UnsupportedTransferEncoding => "Unsupported Transfer-Encoding",
        RequestRejectionReason.TransferEncodingNotFinalChunked => "Transfer-Encoding must end with chunked",
        RequestRejectionReason.InvalidChunkSize => "Invalid chunk size",
        RequestRejectionReason.InvalidChunkTerminator => "Chunk data not terminated by CRLF",
        RequestRejectionReason.BodyTooLarge => "Request body too large",
        RequestRejectionReason.UnexpectedEndOfBody => "Connection closed before the body was complete",
        RequestRejectionReason.HeaderTimeout => "Timed out reading the request headers",
        RequestRejectionReason.BodyTimeout => "Timed out reading the request body",
        RequestRejectionReason.InvalidCompressedBody => "Request body is not valid gzip",
        _ => "Bad request",
    };
}
