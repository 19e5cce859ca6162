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
    private readonly HashSet<WebSocketProtocol> _webSockets = new();
    private Future? _drained;
    private const long IdleCompactionThreshold = 16L * 1024 * 1024;
    private bool _compactionScheduled;
    private long _allocatedAtCompaction;

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

    /// <summary>
    /// Open connections: HTTP, upgraded to WebSocket, and TLS connections still in their handshake (for tests and
    /// graceful shutdown).
    /// </summary>
    public int ConnectionCount => _connections.Count + _webSockets.Count + HandshakesInProgress;

    internal byte[]? ServerHeaderLine { get; }

    /// <summary>Binds <paramref name="port"/> (0: any free port, see <see cref="TcpServer.BoundPort"/>) on <paramref name="address"/> and starts serving.</summary>
    public void Listen(int port, string address = "127.0.0.1") => Listen(port, address, Settings.Backlog);

    /// <inheritdoc/>
    public override Future HandleStream(IOStream stream, EndPoint remote)
    {
        var connection = new Http1ServerConnection(this, stream, remote);
        _connections.Add(connection);
        ConnectionsChanged?.Invoke();
        return connection.RunAsync();
    }

    /// <summary>
    /// Closes every open connection now, TLS handshakes in progress included (Tornado's <c>close_all_connections</c>,
    /// without waiting); returns how many.
    /// </summary>
    public int CloseAllConnections()
    {
        var open = _connections.ToArray();
        var sockets = _webSockets.ToArray();
        int handshakes = CloseHandshakingConnections();
        foreach (var c in open) c.Abort();
        foreach (var w in sockets) w.Abort();
        return open.Length + sockets.Length + handshakes;
    }

    /// <summary>True once <see cref="Drain"/> was called: responses carry <c>Connection: close</c> and end their connection.</summary>
    public bool IsDraining { get; private set; }

    /// <summary>
    /// Starts a graceful shutdown: stops accepting (the listening sockets close, so new connects are refused), closes
    /// idle keep-alive connections and TLS connections still in their handshake (no request of theirs has started),
    /// and lets requests in flight finish; their responses say <c>Connection: close</c>
    /// and their connections close after them. WebSocket connections get close 1001 (Going Away) and end with their
    /// close handshake. The future completes when no connection is left. Cut stragglers with
    /// <see cref="CloseAllConnections"/> when your deadline passes.
    /// </summary>
    public Future Drain()
    {
        Stop();
        IsDraining = true;
        var drained = _drained ??= new Future();
        CloseHandshakingConnections();
        foreach (var c in _connections.ToArray()) c.CloseIfIdle();
        foreach (var w in _webSockets.ToArray()) w.CloseGoingAway();
        if (ConnectionCount == 0) drained.TrySetResult();
        return drained;
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

    private protected override void HandshakesChanged()
    {
        ConnectionsChanged?.Invoke();
        if (ConnectionCount == 0) _drained?.TrySetResult();
    }

    internal void ConnectionClosed(Http1ServerConnection connection)
    {
        _connections.Remove(connection);
        ConnectionsChanged?.Invoke();
        if (ConnectionCount == 0) _drained?.TrySetResult();
        if (_connections.Count == 0 && !_compactionScheduled && Settings.CompactMemoryWhenIdle is { } delay)
        {
            _compactionScheduled = true;
            // The connection's loop, not IOLoop.Current: a close may run where no loop (or another one) is current.
            connection.Loop.CallLater(delay, CompactIfStillIdle);
        }
    }

    /// <summary>Called on the loop whenever <see cref="ConnectionCount"/> changes (tests wait on it rather than poll the count).</summary>
    internal Action? ConnectionsChanged { get; set; }

    /// <summary>Called on the loop whenever a connection arms a timeout (tests on a manual clock wait for it before moving the clock).</summary>
    internal Action? DeadlineArmed { get; set; }

    /// <summary>The timeouts the open HTTP connections are under: kind (Idle, Header, Body, Write, Linger) and deadline in loop-clock ticks.</summary>
    internal List<(string Kind, long At)> ArmedDeadlines => _connections.Select(c => c.ArmedDeadline).OfType<(string, long)>().ToList();

    /// <summary>Full compacting collections run because the server went idle (<see cref="HttpServerSettings.CompactMemoryWhenIdle"/>).</summary>
    internal int IdleCompactions { get; private set; }

    /// <summary>Response body bytes handed to <c>sendfile(2)</c> by this server's connections (loop thread).</summary>
    internal long FileBytesSent { get; set; }

    /// <summary>Called on the loop when a connection is closed by <see cref="HttpServerSettings.WriteTimeout"/> (tests wait on it).</summary>
    internal Action? WriteTimedOut { get; set; }

    /// <summary>Called on the loop after each idle compaction (tests wait on it).</summary>
    internal Action? IdleCompacted { get; set; }

    private void CompactIfStillIdle()
    {
        _compactionScheduled = false;
        if (_connections.Count != 0) return;
        long allocated = GC.GetTotalAllocatedBytes();
        // Only after real work: a trickle of short connections must not turn into a full GC every few seconds.
        if (allocated - _allocatedAtCompaction < IdleCompactionThreshold) return;
        _allocatedAtCompaction = allocated;
        IO.ReadBufferPool.Trim(); // the busy period's read buffers are garbage now, collected below
        // Aggressive: compacts every generation and decommits the free space, so RSS falls back near its idle size.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        IdleCompactions++;
        IdleCompacted?.Invoke();
    }

    /// <summary>A connection of this server became a WebSocket: it counts for shutdown until it ends.</summary>
    internal void WebSocketOpened(WebSocketProtocol webSocket)
    {
        _webSockets.Add(webSocket);
        webSocket.Terminated = () =>
        {
            _webSockets.Remove(webSocket);
            ConnectionsChanged?.Invoke();
            if (ConnectionCount == 0) _drained?.TrySetResult();
        };
        if (IsDraining) webSocket.CloseGoingAway();
    }
}
