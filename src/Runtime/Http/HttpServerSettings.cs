using System.Net.Security;

namespace Squall.Http;

/// <summary>Settings of <c>HttpServer</c> (Tornado's <c>HTTPServer</c> keyword arguments and <c>HTTP1ConnectionParameters</c>).</summary>
public sealed class HttpServerSettings
{
    /// <summary>Take <see cref="HttpServerRequest.RemoteIp"/> and <see cref="HttpServerRequest.Protocol"/> from
    /// <c>X-Real-Ip</c>/<c>X-Forwarded-For</c> and <c>X-Scheme</c>/<c>X-Forwarded-Proto</c> (behind a trusted proxy only).</summary>
    public bool XHeaders { get; set; }

    /// <summary>Largest start line plus headers; more gets 431. Default 64 KiB.</summary>
    public int MaxHeaderSize { get; set; } = 64 * 1024;

    /// <summary>Largest request body; more gets 413. Default 100 MiB.</summary>
    public long MaxBodySize { get; set; } = 100L * 1024 * 1024;

    /// <summary>A keep-alive connection idle this long between requests is closed. Default 1 hour (Tornado's default is none).</summary>
    public TimeSpan IdleConnectionTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Time allowed from a request's first byte to the end of its headers; a client trickling header
    /// bytes slower is cut off (slow-loris defense). Default 30 s.</summary>
    public TimeSpan HeaderTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed to receive a whole request body. Default 5 minutes.</summary>
    public TimeSpan BodyTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// While a response waits for the client to read it (a flush, a file being sent, responses to pipelined requests),
    /// the client must take some bytes within this time, or the connection is closed (nginx's <c>send_timeout</c>, which
    /// is 60 s too): it measures the time between two sends, so a slow reader is fine and a stalled one is not.
    /// Null waits for ever (Tornado's behaviour). Default 60 s.
    /// </summary>
    public TimeSpan? WriteTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Decode request bodies sent with <c>Content-Encoding: gzip</c> before the handler sees them.</summary>
    public bool DecompressRequest { get; set; }

    /// <summary>Value of the <c>Server</c> response header; null to send none.</summary>
    public string? ServerHeader { get; set; } = "Squall";

    /// <summary>
    /// Serve HTTPS (Tornado's <c>ssl_options</c>); null for plain HTTP. <see cref="Squall.IO.TlsCertificates.ServerOptions"/>
    /// makes them from PEM files. Left unset, the protocol versions become TLS 1.2 and 1.3 and ALPN offers
    /// <c>http/1.1</c>; older versions and any other application protocol (this server never speaks <c>h2</c>) are refused.
    /// </summary>
    public SslServerAuthenticationOptions? SslOptions { get; set; }

    /// <summary>Time allowed for a TLS handshake; a client slower than this is disconnected. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Listen backlog for sockets bound by <c>HttpServer.Listen</c>.</summary>
    public int Backlog { get; set; } = 1024;

    /// <summary>
    /// After the last connection closes, wait this long; if the server still has no connection and the process has
    /// allocated at least 16 MiB since the last time, run one compacting full collection that gives the garbage of the
    /// busy period back to the operating system. Without it a server keeps the memory of its last peak while it idles
    /// (a GC runs only when something allocates). Null (the default): never — a library does not force collections
    /// unasked; the HelloWorld sample sets 2 s. The collection is aggressive: it also empties the runtime's shared
    /// array pools, which refill on the next busy period.
    /// </summary>
    public TimeSpan? CompactMemoryWhenIdle { get; set; }
}
