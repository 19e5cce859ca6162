using System.Net;
using System.Net.Security;
using System.Text;
using Squall.IO;

namespace Squall.Http;

/// <summary>
/// A non-blocking HTTP/1.1 server on <see cref="TcpServer"/> (Tornado's <c>HTTPServer</c>): every accepted connection
/// is served by an HTTP/1.1 connection that parses requests and calls the <see cref="IHttpHandler"/>. Loop-thread only.
/// </summary>
public class HttpServer : TcpServer
{
    // Requests not in use, handed to connections as a request's bytes arrive and taken back after its response, so
    // an idle keep-alive connection holds no request object. Last-in first-out: a busy connection gets its own
    // object back (with its cache of header strings). Bounded: it only needs as many as requests run at once.
    private const int MaxPooledRequests = 128;
    private readonly Stack<HttpServerRequest> _requestPool = new();
    private readonly HashSet<Http1ServerConnection> _connections = new();

    /// <summary>Creates a server calling <paramref name="handler"/> for every request.</summary>
    public HttpServer(IHttpHandler handler, HttpServerSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Handler = handler;
        Settings = settings ?? new HttpServerSettings();
        if (Settings.ServerHeader is { } server) ServerHeaderLine = Encoding.Latin1.GetBytes("Server: " + server + "\r\n");
        // The stream must hold a whole head plus a read chunk; bodies are consumed as they arrive.
        MaxBufferSize = (int)Math.Min(int.MaxValue, Math.Max(Settings.MaxHeaderSize * 2L, 1024 * 1024));
        if (Settings.SslOptions is { } ssl)
        {
            CheckAlpn(ssl);
            SslOptions = ssl;
            HandshakeTimeout = Settings.HandshakeTimeout;
        }
    }

    private static void CheckAlpn(SslServerAuthenticationOptions ssl)
    {
        if (ssl.ApplicationProtocols is null or { Count: 0 })
        {
            ssl.ApplicationProtocols = [SslApplicationProtocol.Http11];
            return;
        }
        foreach (var protocol in ssl.ApplicationProtocols)
        {
            if (protocol != SslApplicationProtocol.Http11)
            {
                throw new ArgumentException($"This server speaks HTTP/1.1 only; ALPN must not offer '{protocol}'.", nameof(HttpServerSettings.SslOptions));
            }
        }
    }

    /// <summary>The request handler.</summary>
    public IHttpHandler Handler { get; }

    /// <summary>The settings this server was made with.</summary>
    public HttpServerSettings Settings { get; }

    /// <summary>Open connections (for tests and graceful shutdown).</summary>
    public int ConnectionCount => _connections.Count;

    internal byte[]? ServerHeaderLine { get; }

    /// <summary>Binds <paramref name="port"/> (0: any free port, see <see cref="TcpServer.BoundPort"/>) on <paramref name="address"/> and starts serving.</summary>
    public void Listen(int port, string address = "127.0.0.1") => Listen(port, address, Settings.Backlog);

    /// <inheritdoc/>
    public override Future HandleStream(IOStream stream, EndPoint remote)
    {
        var connection = new Http1ServerConnection(this, stream, remote);
        _connections.Add(connection);
        return connection.RunAsync();
    }

    /// <summary>Stops accepting and closes every open connection (Tornado's <c>close_all_connections</c>, without waiting).</summary>
    public void CloseAllConnections()
    {
        foreach (var c in _connections.ToArray()) c.Abort();
    }

    /// <summary>Send calls made on the open connections (tests check that pipelined responses leave in one send).</summary>
    internal long SendCalls => _connections.Sum(c => c.SendCalls);

    /// <summary>A reset request for <paramref name="connection"/>, from the pool when one is free.</summary>
    internal HttpServerRequest RentRequest(Http1ServerConnection connection, EndPoint remote)
    {
        if (!_requestPool.TryPop(out var request)) return new HttpServerRequest(connection) { RemoteEndPoint = remote };
        request.Connection = connection;
        request.RemoteEndPoint = remote;
        return request;
    }

    /// <summary>Takes back a request whose response is finished and whose handler is done with it.</summary>
    internal void ReturnRequest(HttpServerRequest request)
    {
        request.Reset();
        request.RemoteEndPoint = null;
        if (_requestPool.Count < MaxPooledRequests) _requestPool.Push(request);
    }

    internal void ConnectionClosed(Http1ServerConnection connection) => _connections.Remove(connection);
}
