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

    /// <summary>
    /// Takes the connection's stream out of HTTP for good (Tornado's <c>HTTP1Connection.detach</c>), for protocols
    /// upgraded from HTTP such as WebSocket: call it while answering the upgrade request, then write the response head
    /// (e.g. 101) and <see cref="Finish"/>. The server then never reads from, times out or closes the stream; the
    /// caller owns it. Connections that are not a plain stream cannot be detached.
    /// </summary>
    Squall.IO.IOStream Detach() => throw new NotSupportedException("This connection cannot be detached from HTTP.");
}
