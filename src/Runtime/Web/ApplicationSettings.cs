using Microsoft.Extensions.Logging;

namespace Squall.Web;

/// <summary>Settings of an <see cref="Application"/> (Tornado's <c>Application(**settings)</c>).</summary>
public sealed class ApplicationSettings
{
    /// <summary>Error pages show the exception's stack trace.</summary>
    public bool Debug { get; set; }

    /// <summary>Gzip compressible responses above <see cref="CompressMinLength"/> bytes for clients that accept it.</summary>
    public bool CompressResponse { get; set; }

    /// <summary>The smallest body worth compressing (Tornado: 1024).</summary>
    public int CompressMinLength { get; set; } = 1024;

    /// <summary>The directory <see cref="StaticFileHandler"/> serves.</summary>
    public string? StaticPath { get; set; }

    /// <summary>The URL prefix of static files (Tornado: <c>/static/</c>).</summary>
    public string StaticUrlPrefix { get; set; } = "/static/";

    /// <summary>The key for signed cookies and XSRF tokens.</summary>
    public string? CookieSecret { get; set; }

    /// <summary>Unsafe methods (POST, PUT, DELETE, PATCH) must carry the XSRF token.</summary>
    public bool XsrfCookies { get; set; }

    /// <summary>
    /// Handles requests no route matches, instead of the plain 404. Its <see cref="RequestHandler.Prepare"/> runs and
    /// must finish the response (as <see cref="ErrorHandler"/> does); otherwise the answer is 404.
    /// </summary>
    public HandlerFactory? DefaultHandler { get; set; }

    /// <summary>
    /// How often a <see cref="WebSocketHandler"/> pings its client (Tornado's <c>websocket_ping_interval</c>); null
    /// (default) sends no pings. With pings on, a client that stops answering is disconnected.
    /// </summary>
    public TimeSpan? WebSocketPingInterval { get; set; }

    /// <summary>How long a WebSocket may go without a pong before it is closed (Tornado: three ping intervals, at least 30 s).</summary>
    public TimeSpan? WebSocketPingTimeout { get; set; }

    /// <summary>The largest WebSocket message accepted (after decompression); larger closes with 1009. Tornado's default, 10 MiB.</summary>
    public long WebSocketMaxMessageSize { get; set; } = 10 * 1024 * 1024;

    /// <summary>How long the close handshake may take before the server drops the connection.</summary>
    public TimeSpan WebSocketCloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The logger for errors and the access log (default: <see cref="SquallLogging.Default"/>).</summary>
    public ILogger? Logger { get; set; }
}
