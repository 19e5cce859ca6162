namespace Squall.Http;

/// <summary>
/// Writes the response to one request (Tornado's <c>HTTPConnection</c>: <c>write_headers</c>, <c>write</c>,
/// <c>finish</c>). Loop-thread only.
/// </summary>
/// <remarks>
/// Framing is chosen by the connection (RFC 9112 §6): a response finished without an intermediate
/// <see cref="Flush"/> gets a <c>Content-Length</c>; one flushed before finishing is sent chunked on HTTP/1.1,
/// and on HTTP/1.0 streamed and ended by closing the connection. A <c>Content-Length</c> the handler sets itself
/// is kept and enforced. No body is sent for <c>HEAD</c>, 1xx, 204 and 304 (HEAD keeps the length a GET would have).
/// <c>Date</c> and <c>Server</c> are added unless set.
/// </remarks>
public interface IHttpConnection
{
    /// <summary>Sets the status line and headers. Nothing is sent before the first <see cref="Flush"/> or <see cref="Finish"/>.</summary>
    void WriteHeaders(int status, string? reason = null, HttpHeaders? headers = null);

    /// <summary>Appends body bytes (copied; the span may be reused at once).</summary>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>
    /// Sends what was written so far; done when it reached the kernel. Fails quietly — completes with a
    /// <c>StreamClosedException</c> the caller may ignore — when the client has gone.
    /// </summary>
    Future Flush();

    /// <summary>Ends the response. The connection then reads the next request (keep-alive) or closes.</summary>
    void Finish();

    /// <summary>True once <see cref="WriteHeaders"/> was called for the current response.</summary>
    bool HeadersWritten { get; }

    /// <summary>True once <see cref="Finish"/> was called for the current response.</summary>
    bool Finished { get; }

    /// <summary>True when the client has disconnected (writes are dropped).</summary>
    bool Closed { get; }
}
