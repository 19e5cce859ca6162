namespace Squall.Http;

/// <summary>
/// The low-level request callback of <c>HttpServer</c>: Tornado's <c>HTTPServerConnectionDelegate</c> and
/// <c>HTTPMessageDelegate</c> folded into one interface, so a handler that needs no per-request object allocates none.
/// </summary>
/// <remarks>
/// Order per request: <see cref="HeadersReceived"/> → (<see cref="DataReceived"/>)* when streaming →
/// <see cref="RequestReceived"/>; respond through <see cref="HttpServerRequest.Connection"/> and call
/// <see cref="IHttpConnection.Finish"/>. The next pipelined request on the connection starts only after that
/// <c>Finish</c>. Per-request state a handler needs (the web layer's handler instance) goes in
/// <see cref="HttpServerRequest.HandlerState"/>. All calls happen on the loop thread.
/// </remarks>
public interface IHttpHandler
{
    /// <summary>
    /// The start line and headers are parsed and validated; the body has not been read yet. Return
    /// <see cref="HttpBodyMode.Streamed"/> to receive the body through <see cref="DataReceived"/> instead of
    /// <see cref="HttpServerRequest.Body"/> (Tornado's <c>@stream_request_body</c>). A handler may already
    /// respond here (for example reject with 401): the body is then discarded, or the connection closed.
    /// </summary>
    HttpBodyMode HeadersReceived(HttpServerRequest request) => HttpBodyMode.Buffered;

    /// <summary>One piece of the (decoded) body, only in <see cref="HttpBodyMode.Streamed"/> mode. The span is valid during the call.</summary>
    void DataReceived(HttpServerRequest request, ReadOnlySpan<byte> chunk) { }

    /// <summary>
    /// The whole request has arrived (<see cref="HttpServerRequest.Body"/> is filled unless streamed). Respond and
    /// <see cref="IHttpConnection.Finish"/>; return <see cref="Future.Completed"/> when done synchronously, or the
    /// coroutine's future: if it fails before the response is finished, the server answers 500 and logs the error.
    /// </summary>
    Future RequestReceived(HttpServerRequest request);

    /// <summary>The client went away before the response was finished (Tornado's <c>on_connection_close</c>).</summary>
    void OnConnectionClose(HttpServerRequest request) { }

    /// <summary>
    /// The server refused a request itself (see <see cref="HttpRejection"/>): it has sent the error response and closes
    /// the connection. No other method is called for that request; this one exists so that access logs miss nothing.
    /// </summary>
    void RequestRejected(HttpRejection rejection) { }
}
