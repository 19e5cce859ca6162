namespace Squall.Http;

/// <summary>How the server hands a request body to an <see cref="IHttpHandler"/>.</summary>
public enum HttpBodyMode
{
    /// <summary>The body is read whole (up to <see cref="HttpServerSettings.MaxBodySize"/>) into <see cref="HttpServerRequest.Body"/>.</summary>
    Buffered,

    /// <summary>Pieces of the body go to <see cref="IHttpHandler.DataReceived"/> as they arrive; nothing is buffered.</summary>
    Streamed,
}
