using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Squall.IO;

/// <summary>
/// An <see cref="IOStream"/> that speaks TLS (Tornado's <c>SSLIOStream</c>): the same reads, writes and futures, with
/// records decrypted and encrypted on the loop thread by <see cref="System.Net.Security.SslStream"/> over the loop's
/// non-blocking socket. The handshake never blocks the loop: it advances as the loop reports the socket ready.
/// Create one with <see cref="IOStream.StartTls(SslServerAuthenticationOptions, TimeSpan?)"/>, a
/// <see cref="TcpServer"/> with <see cref="TcpServer.SslOptions"/>, or <see cref="TcpClient.Connect"/> with TLS
/// options. Loop thread only.
/// </summary>
public sealed partial class SslIOStream : IOStream
{
    private readonly LoopSocketStream _transport;
    private readonly SslStream _ssl;
    private bool _authenticated;
    private bool _handshaking;
    private Future<SslIOStream>? _handshake;
    private TimeoutHandle? _handshakeTimer;
    // SslStream is asked for plaintext with a zero-byte read first: while it waits for records it holds no buffer,
    // and once it completes, the real read that follows completes at once (see ReceiveCore).
    private ValueTask<int> _zeroRead;
    private bool _zeroReadPending;
    private bool _plainMayRemain;
    // Plaintext taken into TLS records whose bytes the kernel has not taken yet (write futures wait for them).
    private long _backlog;

    /// <summary>Wraps a connected <paramref name="socket"/> (owned by the stream); the handshake starts with
    /// <see cref="AuthenticateAsServer"/> or <see cref="AuthenticateAsClient"/>.</summary>
    public SslIOStream(Socket socket, IOLoop? loop = null) : base(socket, loop)
    {
        _transport = new LoopSocketStream(socket, Loop);
        _ssl = new SslStream(_transport, leaveInnerStreamOpen: true);
    }

    /// <summary>True once the handshake has completed.</summary>
    public bool IsAuthenticated => _authenticated;

    /// <summary>The protocol version negotiated (TLS 1.2 or 1.3).</summary>
    public SslProtocols SslProtocol => _ssl.SslProtocol;

    /// <summary>The application protocol chosen by ALPN (<c>http/1.1</c> for HTTPS), or default when none was.</summary>
    public SslApplicationProtocol NegotiatedApplicationProtocol => _ssl.NegotiatedApplicationProtocol;

    /// <summary>The name the client asked for with SNI (server side), or the host the client verified (client side).</summary>
    public string TargetHostName => _ssl.TargetHostName;

    /// <summary>The peer's certificate: the server's on a client, the client's on a server when it sent one.</summary>
    public X509Certificate? RemoteCertificate => _ssl.RemoteCertificate;

    /// <summary>The cipher suite negotiated.</summary>
    public TlsCipherSuite NegotiatedCipherSuite => _ssl.NegotiatedCipherSuite;

    /// <summary>Reads of TLS records that waited for the socket and were resumed inline from the loop's readiness report.</summary>
    internal long ResumedTransportReads => _transport.ResumedReads;

    /// <summary>
    /// Runs the server side of the handshake; the future completes with this stream once it is done, or fails with the
    /// reason (<see cref="AuthenticationException"/>, <see cref="IOException"/>, <see cref="TimeoutException"/> after
    /// <paramref name="timeout"/>), the stream then closed.
    /// </summary>
    public Future<SslIOStream> AuthenticateAsServer(SslServerAuthenticationOptions options, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Handshake(static (ssl, o) => ssl.AuthenticateAsServerAsync((SslServerAuthenticationOptions)o), options, timeout);
    }

    /// <summary>
    /// Runs the client side of the handshake (<see cref="SslClientAuthenticationOptions.TargetHost"/> is sent with SNI and
    /// checked against the server's certificate); completes or fails as <see cref="AuthenticateAsServer"/>.
    /// </summary>
    public Future<SslIOStream> AuthenticateAsClient(SslClientAuthenticationOptions options, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Handshake(static (ssl, o) => ssl.AuthenticateAsClientAsync((SslClientAuthenticationOptions)o), options, timeout);
    }

    private Future<SslIOStream> Handshake(Func<SslStream, object, Task> start, object options, TimeSpan? timeout)
    {
        Loop.AssertLoopThread();
        if (_handshake is not null) throw new InvalidOperationException("The TLS handshake has already started.");
        var result = _handshake = new Future<SslIOStream>();
        if (Closed)
        {
            result.SetException(new StreamClosedException(Error));
            return result;
        }
        _handshaking = true;
        if (timeout is { } t)
        {
            _handshakeTimer = Loop.CallLater(t, () =>
            {
                _handshakeTimer = null;
                if (_handshaking) Close(new TimeoutException($"TLS handshake timed out after {t.TotalSeconds:0.###} s"));
            });
        }
        Task task;
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            task = start(_ssl, options);
        }
        catch (Exception e)
        {
            task = Task.FromException(e);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
        // Inline on the thread that completes it, which is the loop: LoopSocketStream resumes SslStream from the
        // loop's readiness report.
        task.ContinueWith(static (t, s) => ((SslIOStream)s!).OnHandshakeDone(t), this,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        UpdateInterest();
        return result;
    }

    private void OnHandshakeDone(Task task)
    {
        if (!Loop.IsOnLoopThread) Interlocked.Increment(ref LoopSocketStream.OffLoopOperations);
        // SslStream finishes the handshake inside the transport's resumption, where no SynchronizationContext is set:
        // the result reaches user code one loop iteration later, on the loop with its context (once per handshake).
        Loop.AddCallback(() => FinishHandshake(task));
    }

    private void FinishHandshake(Task task)
    {
        _handshaking = false;
        if (_handshakeTimer is { } timer)
        {
            _handshakeTimer = null;
            Loop.RemoveTimeout(timer);
        }
        var result = _handshake!;
        if (task.IsCompletedSuccessfully && !Closed)
        {
            _authenticated = true;
            // The flight that finished the handshake may have carried application data too (a TLS 1.3 client sends
            // its request right behind its Finished): SslStream holds it now, and the kernel will not report it.
            _plainMayRemain = true;
            UpdateInterest();
            result.TrySetResult(this);
            return;
        }
        // The stream's own close reason (a timeout, a reset) explains more than SslStream's wrapper around it.
        var cause = Closed && Error is not null and not StreamClosedException
            ? Error
            : task.Exception?.InnerException ?? Error ?? new StreamClosedException(null);
        Close(cause);
        result.TrySetException(cause);
    }

    private protected override bool OnTransportEvents(IOEvents events)
    {
        if ((events & IOEvents.Write) != 0 && !_authenticated)
        {
            var flushed = _transport.FlushQueued();
            if (flushed is not (SocketError.Success or SocketError.WouldBlock))
            {
                Close(new SocketException((int)flushed));
                return false;
            }
        }
        // Resumes SslStream (handshake or record read) inline if it waits for bytes.
        if ((events & (IOEvents.Read | IOEvents.Error)) != 0) _transport.OnReadable();
        if (Closed) return false;
        if (_transport.WriteError != SocketError.Success)
        {
            Close(new SocketException((int)_transport.WriteError));
            return false;
        }
        return _authenticated;
    }

    private protected override IOEvents TransportInterest
    {
        get
        {
            var wanted = IOEvents.None;
            if (_transport.Queued > 0) wanted |= IOEvents.Write;
            if (_handshaking && _transport.ReadPending) wanted |= IOEvents.Read;
            return wanted;
        }
    }

    private protected override bool TransportHasBufferedInput =>
        _authenticated && (_plainMayRemain || (_zeroReadPending && _zeroRead.IsCompleted));

    private protected override long TransportBacklog => _backlog;

    // Every byte is encrypted in user space: a file cannot go from the page cache to the socket.
    private protected override bool TransportCanSendFile => false;

    private protected override int ReceiveCore(Memory<byte> buffer, out SocketError error)
    {
        error = SocketError.Success;
        if (!_authenticated)
        {
            error = SocketError.WouldBlock;
            return 0;
        }
        try
        {
            if (_zeroReadPending)
            {
                if (!_zeroRead.IsCompleted)
                {
                    error = SocketError.WouldBlock;
                    return 0;
                }
                _zeroReadPending = false;
                _zeroRead.GetAwaiter().GetResult();
            }
            else
            {
                var zero = _ssl.ReadAsync(Memory<byte>.Empty);
                if (!zero.IsCompleted)
                {
                    _zeroRead = zero;
                    _zeroReadPending = true;
                    _plainMayRemain = false;
                    error = SocketError.WouldBlock;
                    return 0;
                }
                zero.GetAwaiter().GetResult();
            }
            // A zero-byte read completes only once SslStream holds decrypted bytes (or saw the end), so this read is
            // served from its buffer without touching the socket and cannot be left pending with our memory.
            var read = _ssl.ReadAsync(buffer);
            if (!read.IsCompleted) throw new InvalidOperationException("SslStream left a read pending after a completed zero-byte read.");
            int n = read.GetAwaiter().GetResult();
            _plainMayRemain = n > 0 && n == buffer.Length;
            return n;
        }
        catch (Exception e)
        {
            _zeroReadPending = false;
            _plainMayRemain = false;
            Close(e is StreamClosedException ? e.InnerException ?? e : e);
            error = SocketError.ConnectionReset;
            return 0;
        }
    }

    private protected override int SendCore(ReadOnlyMemory<byte> data, out SocketError error)
    {
        if (!Encrypt(data, out error)) return 0;
        if (_transport.Queued > 0)
        {
            _backlog += data.Length;
            error = SocketError.WouldBlock;
        }
        return data.Length;
    }

    private protected override int SendQueuedCore(WriteQueue queue, out SocketError error)
    {
        int taken = 0;
        while (queue.Length > 0)
        {
            var chunk = queue.First;
            if (!Encrypt(chunk, out error)) return taken;
            queue.Consume(chunk.Length);
            taken += chunk.Length;
            if (_transport.Queued > 0)
            {
                // The kernel is full: take no more plaintext until these records leave.
                _backlog += chunk.Length;
                error = SocketError.WouldBlock;
                return taken;
            }
        }
        error = SocketError.Success;
        return taken;
    }

    private protected override SocketError FlushTransport()
    {
        var result = _transport.FlushQueued();
        if (result == SocketError.Success) _backlog = 0;
        return result;
    }

    /// <summary>Encrypts <paramref name="data"/> into records handed to the socket (what it does not take waits in the transport).</summary>
    private bool Encrypt(ReadOnlyMemory<byte> data, out SocketError error)
    {
        error = SocketError.Success;
        if (!_authenticated)
        {
            error = SocketError.NotConnected;
            return false;
        }
        try
        {
            var write = _ssl.WriteAsync(data);
            if (!write.IsCompleted) throw new InvalidOperationException("SslStream left a write pending over a transport that never waits.");
            write.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            Close(e);
            error = SocketError.ConnectionReset;
            return false;
        }
        if (_transport.WriteError != SocketError.Success)
        {
            error = _transport.WriteError;
            return false;
        }
        return true;
    }

    private protected override void OnClosing()
    {
        if (_handshakeTimer is { } timer)
        {
            _handshakeTimer = null;
            Loop.RemoveTimeout(timer);
        }
        if (_authenticated && Error is null && _transport.WriteError == SocketError.Success)
        {
            // An orderly close says so (close_notify), best effort: one non-blocking send, no waiting.
            try
            {
                var shutdown = _ssl.ShutdownAsync();
                if (shutdown.IsCompleted) _transport.FlushQueued();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or NotSupportedException)
            {
                // The peer may be gone already; the socket closes either way.
            }
        }
        // A pending record read or handshake ends now (inline), so SslStream lets go of its buffers.
        _transport.Fail(new StreamClosedException(Error));
        _zeroReadPending = false;
        _ssl.Dispose();
        _transport.Dispose();
    }
}
