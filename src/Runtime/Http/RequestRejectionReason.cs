namespace Squall.Http;

/// <summary>Why the server refused a request; <see cref="RequestRejection"/> maps each to a status and a message.</summary>
public enum RequestRejectionReason
{
    /// <summary>Not a rejection.</summary>
    None,
    /// <summary>The request line is not <c>method SP target SP version CRLF</c>.</summary>
    InvalidRequestLine,
    /// <summary>The request target contains forbidden bytes or has no known form.</summary>
    InvalidRequestTarget,
    /// <summary>Well-formed <c>HTTP/x.y</c> other than 1.0 and 1.1.</summary>
    UnrecognizedHttpVersion,
    /// <summary>A header line without a colon, or an empty name.</summary>
    InvalidHeaderLine,
    /// <summary>A header name with non-token characters, including whitespace before the colon (RFC 9112 §5.1).</summary>
    InvalidHeaderName,
    /// <summary>A header value with CR, LF, NUL or another control character.</summary>
    InvalidHeaderValue,
    /// <summary>A header line starting with whitespace: obsolete line folding (RFC 9112 §5.2).</summary>
    ObsoleteLineFolding,
    /// <summary>A line ended by a bare LF or a bare CR.</summary>
    InvalidLineEnding,
    /// <summary>Start line plus headers exceed <see cref="HttpServerSettings.MaxHeaderSize"/>.</summary>
    HeadersTooLarge,
    /// <summary>HTTP/1.1 request without exactly one <c>Host</c> (RFC 9112 §3.2).</summary>
    MissingOrMultipleHost,
    /// <summary>Both <c>Content-Length</c> and <c>Transfer-Encoding</c> (RFC 9112 §6.1: smuggling vector).</summary>
    ContentLengthWithTransferEncoding,
    /// <summary>Several <c>Content-Length</c> values that differ, or one that is not a number.</summary>
    InvalidContentLength,
    /// <summary>A <c>Transfer-Encoding</c> this server does not implement (501).</summary>
    UnsupportedTransferEncoding,
    /// <summary>A <c>Transfer-Encoding</c> whose final coding is not <c>chunked</c> (RFC 9112 §6.3: length unknowable).</summary>
    TransferEncodingNotFinalChunked,
    /// <summary>A chunk-size line that is not hex, too big, or has a malformed extension.</summary>
    InvalidChunkSize,
    /// <summary>Chunk data not followed by CRLF, or a malformed trailer.</summary>
    InvalidChunkTerminator,
    /// <summary>The body exceeds <see cref="HttpServerSettings.MaxBodySize"/>.</summary>
    BodyTooLarge,
    /// <summary>The connection closed before the announced body arrived.</summary>
    UnexpectedEndOfBody,
    /// <summary>The headers took longer than <see cref="HttpServerSettings.HeaderTimeout"/>.</summary>
    HeaderTimeout,
    /// <summary>The body took longer than <see cref="HttpServerSettings.BodyTimeout"/>.</summary>
    BodyTimeout,
    /// <summary>A <c>Content-Encoding: gzip</c> body that does not decompress.</summary>
    InvalidCompressedBody,
}
