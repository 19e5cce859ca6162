using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Squall.IO.Interop;

namespace Squall.IO;

/// <summary>
/// A non-blocking TCP server (Tornado's <c>TCPServer</c>): accepts connections on the loop and hands each one, as an
/// <see cref="IOStream"/>, to <see cref="HandleStream"/> (override it, or pass a handler to the constructor).
/// An exception from a handler is logged and closes that connection only. Loop thread only.
/// </summary>
public class TcpServer
{
    // Tornado accepts up to its listen backlog (_DEFAULT_BACKLOG, 128) per readiness report: one report drains the
    // kernel's queue. Squall listens with a backlog of 1024 (HttpServerSettings.Backlog), so it accepts as many: with
    // 128, a burst of 10,000 connects (issue 16, goal 5) left connections the kernel had completed, their first
    // request already sent, waiting in the queue for dozens of loop iterations — past wrk's 5 s timeout on a busy
    // machine. Still bounded (a few ms of accepts), so a flood of connects cannot starve the other connections.
    private const int AcceptBatch = 1024;

    private readonly Func<IOStream, EndPoint, Future>? _handler;
    private readonly List<Socket> _listening = new();
    private readonly List<Socket> _pending = new();
    private IOLoop? _loop;
    private AcceptStarvation _starvation = null!;
    private readonly DescriptorReserve _reserve = new();
    private bool _acceptsPaused;
    private TimeoutHandle? _acceptRetry;
    private Action? _retryAccepting;
    private int _openConnections;
    // TLS connections accepted whose handshake has not finished: they hold a descriptor and memory, so they count as
    // open connections and shutdown closes them (a silent client would otherwise live until its handshake timeout).
    private readonly HashSet<SslIOStream> _handshaking = new();

    /// <summary>Creates a server whose connections go to an overridden <see cref="HandleStream"/>.</summary>
    public TcpServer() { }

    /// <summary>Creates a server whose connections go to <paramref name="handler"/>.</summary>
    public TcpServer(Func<IOStream, EndPoint, Future> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
    }

    /// <summary>The <see cref="IOStream.MaxBufferSize"/> of accepted streams (default 100 MiB).</summary>
    public int MaxBufferSize { get; set; } = 100 * 1024 * 1024;

    /// <summary>
    /// TLS for every accepted connection (Tornado's <c>ssl_options</c>): when set, each connection's handshake runs on
    /// the loop first and <see cref="HandleStream"/> gets an <see cref="SslIOStream"/>; a connection whose handshake fails
    /// or takes longer than <see cref="HandshakeTimeout"/> is logged and closed, costing nobody else anything. Left
    /// unset, <see cref="SslServerAuthenticationOptions.EnabledSslProtocols"/> becomes TLS 1.2 and 1.3; older versions are refused.
    /// </summary>
    public SslServerAuthenticationOptions? SslOptions
    {
        get => _sslOptions;
        set => _sslOptions = value is null ? null : TlsDefaults.CheckServerOptions(value);
    }

    private SslServerAuthenticationOptions? _sslOptions;

    /// <summary>Time allowed for a TLS handshake, from accept to done (default 10 s).</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>TLS handshakes that failed or timed out (for tests and monitoring).</summary>
    public long FailedHandshakes { get; private set; }

    /// <summary>Runs after each failed handshake has been counted and its connection closed (tests wait on it).</summary>
    internal Action? HandshakeFailedHook { get; set; }

    /// <summary>Runs after each accepted TLS connection has started its handshake (tests wait on it).</summary>
    internal Action? HandshakeStartedHook { get; set; }

    /// <summary>Accepted TLS connections whose handshake is still running (they reach <see cref="HandleStream"/> once it is done).</summary>
    public int HandshakesInProgress => _handshaking.Count;

    /// <summary>
    /// Closes every connection still in its TLS handshake now; returns how many. They are not counted in
    /// <see cref="FailedHandshakes"/>: the server ended them, not the client.
    /// </summary>
    protected int CloseHandshakingConnections()
    {
        if (_handshaking.Count == 0) return 0;
        var open = _handshaking.ToArray();
        _handshaking.Clear();
        foreach (var stream in open)
        {
            stream.Close(new StreamClosedException(null));
            ConnectionEnded();
        }
        HandshakesChanged();
        return open.Length;
    }

    /// <summary>
    /// Called on the loop when <see cref="HandshakesInProgress"/> changed: a handshake started, or connections left the
    /// handshake phase (done, failed or closed by the server).
    /// </summary>
    private protected virtual void HandshakesChanged() { }

    /// <summary>The addresses the server listens on.</summary>
    public IReadOnlyList<EndPoint> LocalEndPoints => _listening.Select(s => s.LocalEndPoint!).ToArray();

    /// <summary>The ports the server listens on.</summary>
    public IReadOnlyList<int> BoundPorts => _listening.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).Distinct().ToArray();

    /// <summary>The port of the first listening socket (the one picked for port 0).</summary>
    public int BoundPort => _listening.Count > 0
        ? ((IPEndPoint)_listening[0].LocalEndPoint!).Port
        : throw new InvalidOperationException("The server is not listening.");

    /// <summary>Binds <paramref name="port"/> on <paramref name="address"/> and starts accepting (Tornado's <c>listen</c>).</summary>
    public void Listen(int port, string address = "127.0.0.1", int backlog = 128, bool reusePort = false) =>
        AddSockets(NetUtil.BindSockets(port, address, backlog, reusePort));

    /// <summary>Starts accepting on already listening sockets (from <see cref="NetUtil.BindSockets"/>) on the current loop.</summary>
    public void AddSockets(IEnumerable<Socket> sockets)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        var loop = _loop ??= IOLoop.Current;
        _starvation ??= new AcceptStarvation(loop);
        _reserve.TryFill();
        foreach (var socket in sockets)
        {
            socket.Blocking = false;
            _listening.Add(socket);
            loop.AddHandler((int)socket.Handle, OnAcceptReady, _acceptsPaused ? IOEvents.None : IOEvents.Read);
        }
    }

    /// <summary>Binds sockets now; <see cref="Start"/> begins accepting (Tornado's <c>bind</c>).</summary>
    public void Bind(int port, string? address = null, int backlog = 128, bool reusePort = false) =>
        _pending.AddRange(NetUtil.BindSockets(port, address, backlog, reusePort));

    /// <summary>Begins accepting on the sockets from <see cref="Bind"/>, on the current loop.</summary>
    public void Start()
    {
        var sockets = _pending.ToArray();
        _pending.Clear();
        AddSockets(sockets);
    }

    /// <summary>Stops accepting and closes the listening sockets; open connections stay open.</summary>
    public void Stop()
    {
        foreach (var socket in _listening)
        {
            _loop?.RemoveHandler((int)socket.Handle);
            socket.Dispose();
        }
        _listening.Clear();
        if (_acceptRetry is not null) _loop?.RemoveTimeout(_acceptRetry);
        _acceptRetry = null;
        _acceptsPaused = false;
        _reserve.Release();
        foreach (var socket in _pending) socket.Dispose();
        _pending.Clear();
    }

    /// <summary>
    /// Handles one accepted connection. The default calls the handler given to the constructor; override it
    /// otherwise. A thrown exception or a failed future is logged and closes <paramref name="stream"/>.
    /// </summary>
    public virtual Future HandleStream(IOStream stream, EndPoint remote)
    {
        if (_handler is null) throw new InvalidOperationException("TcpServer needs a handler: pass one to the constructor or override HandleStream.");
        return _handler(stream, remote);
    }

    private void OnAcceptReady(int fd, IOEvents events)
    {
        for (int i = 0; i < AcceptBatch; i++)
        {
            int client = SocketCalls.Accept4(fd, 0, 0, SocketCalls.SOCK_NONBLOCK | SocketCalls.SOCK_CLOEXEC);
            if (client < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == SocketCalls.EAGAIN)
                {
                    // The kernel's queue is empty: whatever waited while descriptors were short has been served.
                    _starvation.EndIfStarving();
                    return;
                }
                if (errno == SocketCalls.EINTR) continue;
                // The peer gave up between SYN and accept: nothing to serve, keep accepting.
                if (errno == SocketCalls.ECONNABORTED) continue;
                // Out of descriptors (or kernel memory): the connection stays queued in the kernel and the listening
                // socket stays readable, so with level-triggered readiness we would spin. Stop watching the listeners
                // until a connection of ours closes, or the retry timer finds descriptors freed elsewhere.
                if (_starvation.Begin(errno, _openConnections)) _reserve.Release();
                else _loop!.Logger.LogError("accept failed on fd {Fd}: errno {Errno}; pausing accepts", fd, errno);
                PauseAccepting();
                return;
            }
            Serve(client);
        }
    }

    private void PauseAccepting()
    {
        var loop = _loop!;
        if (!_acceptsPaused)
        {
            _acceptsPaused = true;
            foreach (var socket in _listening) loop.UpdateHandler((int)socket.Handle, IOEvents.None);
        }
        ScheduleAcceptRetry();
    }

    private void ScheduleAcceptRetry()
    {
        if (_acceptRetry is not null) return; // one pending retry at a time; closing connections retry sooner
        _acceptRetry = _loop!.CallLater(_starvation.NextRetryDelay(), _retryAccepting ??= () =>
        {
            _acceptRetry = null;
            ResumeAccepting();
        });
    }

    /// <summary>Watches the listeners again: a connection closed (a descriptor is free) or the retry timer fired.</summary>
    private void ResumeAccepting()
    {
        if (!_acceptsPaused) return;
        var loop = _loop!;
        if (_starvation.Starving && !_reserve.TryFill())
        {
            // Not enough descriptors free yet to hold the reserve again: accepting now would leave none for the
            // process itself. Wait for more connections to close (or the retry timer).
            ScheduleAcceptRetry();
            return;
        }
        if (_acceptRetry is not null) loop.RemoveTimeout(_acceptRetry);
        _acceptRetry = null;
        _acceptsPaused = false;
        // Stop may have closed the listeners meanwhile; only the ones still open are watched again. Each is tried at
        // once: the connections that queued up meanwhile get served now, and an accept that finds the queue empty
        // ends the shortage (readiness alone would not come until the next client connects).
        foreach (var socket in _listening.ToArray())
        {
            if (!_listening.Contains(socket)) continue; // a served connection's handler stopped the server
            int fd = (int)socket.Handle;
            loop.UpdateHandler(fd, IOEvents.Read);
            if (!_acceptsPaused) OnAcceptReady(fd, IOEvents.Read);
        }
    }

    private void ConnectionEnded()
    {
        _openConnections--;
        if (_acceptsPaused) ResumeAccepting();
    }

    private void Serve(int client)
    {
        IOStream stream;
        EndPoint remote;
        // A plain connection is held as its bare descriptor (no Socket object: issue 16, memory per idle connection);
        // TLS needs a Socket under its SslStream.
        var descriptor = new SocketDescriptor(client);
        Socket? socket = null;
        try
        {
            if (_sslOptions is null)
            {
                stream = new IOStream(descriptor, _loop!) { MaxBufferSize = MaxBufferSize };
            }
            else
            {
                descriptor.SetHandleAsInvalid(); // the Socket owns the descriptor
                socket = new Socket(new SafeSocketHandle(client, ownsHandle: true));
                stream = new SslIOStream(socket, _loop) { MaxBufferSize = MaxBufferSize };
            }
            remote = stream.RemoteEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        }
        catch (Exception e)
        {
            _loop!.Logger.LogError(e, "Could not set up an accepted connection");
            if (socket is not null) socket.Dispose();
            else descriptor.Dispose();
            return;
        }
        if (stream is SslIOStream tls) Handshake(tls, remote);
        else RunHandler(stream, remote);
    }

    private void Handshake(SslIOStream stream, EndPoint remote)
    {
        _handshaking.Add(stream);
        _openConnections++;
        var handshake = stream.AuthenticateAsServer(_sslOptions!, HandshakeTimeout);
        HandshakesChanged();
        HandshakeStartedHook?.Invoke();
        if (handshake.IsDone) OnHandshakeDone(handshake, stream, remote);
        else handshake.AddDoneCallback(f => OnHandshakeDone((Future<SslIOStream>)f, stream, remote));
    }

    private void OnHandshakeDone(Future<SslIOStream> handshake, SslIOStream stream, EndPoint remote)
    {
        // Closed by CloseHandshakingConnections: already accounted for.
        if (!_handshaking.Remove(stream)) return;
        if (handshake.Exception is null) RunHandler(stream, remote);
        else
        {
            var error = handshake.Exception;
            FailedHandshakes++;
            // A client that speaks no TLS, sends garbage or gives up is routine on a public port: information, not an error.
            _loop!.Logger.LogInformation("TLS handshake with {Remote} failed: {Reason}", remote, Describe(error));
            stream.Close(error);
            HandshakeFailedHook?.Invoke();
        }
        ConnectionEnded();
        HandshakesChanged();
    }

    private static string Describe(Exception error)
    {
        var text = error.Message;
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException) text += " -> " + inner.Message;
        return text;
    }

    private void RunHandler(IOStream stream, EndPoint remote)
    {
        Future future;
        try
        {
            future = HandleStream(stream, remote);
        }
        catch (Exception e)
        {
            OnHandlerFailed(stream, remote, e);
            return;
        }
        if (future.IsDone)
        {
            if (future.Exception is { } error && !future.IsCanceled) OnHandlerFailed(stream, remote, error);
            return;
        }
        // While the handler runs it (usually) holds the connection's descriptor; its end is the moment a paused
        // accept can succeed again.
        _openConnections++;
        future.AddWaiter(new ConnectionWatch(this, stream, remote));
    }

    /// <summary>
    /// Waits for one connection's handler: one small object per open connection, where a done callback costs a
    /// closure, its delegate and a waiter (~150 B per idle connection; issue 16, goal 3).
    /// </summary>
    private sealed class ConnectionWatch(TcpServer server, IOStream stream, EndPoint remote) : IFutureWaiter
    {
        private Future? _handler;

        public IFutureWaiter? NextWaiter { get; set; }

        public void OnFutureDone(Future future)
        {
            _handler = future;
            // Scheduled, never inline (the waiter contract); allocation-free with a static callback and this as state.
            var loop = server._loop!;
            loop.AddCallback(static state => ((ConnectionWatch)state!).Ended(), this);
        }

        private void Ended()
        {
            var f = _handler!;
            if (f.Exception is { } error && !f.IsCanceled) server.OnHandlerFailed(stream, remote, error);
            server.ConnectionEnded();
        }
    }

    private void OnHandlerFailed(IOStream stream, EndPoint remote, Exception error)
    {
        // A connection that closed under its handler is the normal end of a conversation, not an error.
        if (error is StreamClosedException) _loop!.Logger.LogDebug(error, "Connection from {Remote} closed", remote);
        else _loop!.Logger.LogError(error, "Error in connection handler for {Remote}", remote);
        stream.Close(error);
    }
}
