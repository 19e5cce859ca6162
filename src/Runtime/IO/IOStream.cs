using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Squall.IO;

/// <summary>
/// A non-blocking socket on an <see cref="IOLoop"/> with read and write buffers (Tornado's <c>IOStream</c>).
/// The socket is only read when the loop reports it readable and a read is pending, and only written when it is
/// writable and the write queue is not empty. One read may be pending at a time. Loop thread only.
/// </summary>
public partial class IOStream : IDisposable
{
    private readonly IOLoop _loop;
    // A stream made from a Socket keeps it; an accepted connection holds only its descriptor, and gets a Socket the
    // first time someone asks for one (a Socket, made non-blocking, carries ~0.5 KiB the loop never uses: its
    // SocketAsyncContext, endpoints and handle). All I/O goes through the descriptor either way.
    private Socket? _socket;
    private Interop.SocketDescriptor? _descriptor;
    private readonly int _fd;
    private IOEvents _registered;
    private ReadBuffer _read;
    private WriteQueue? _write;
    private Action? _closeCallback;
    private EndPoint? _remoteEndPoint;
    private bool _closed;

    /// <summary>
    /// Wraps a connected <paramref name="socket"/>: makes it non-blocking, turns <c>TCP_NODELAY</c> on for TCP, and
    /// registers it with <paramref name="loop"/> (the current loop by default). The stream owns the socket.
    /// </summary>
    public IOStream(Socket socket, IOLoop? loop = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
        _loop = loop ?? IOLoop.Current;
        socket.Blocking = false;
        if (socket.ProtocolType == ProtocolType.Tcp) socket.NoDelay = true;
        _fd = (int)socket.Handle;
        _loop.AddHandler(_fd, OnEvents, IOEvents.None);
    }

    /// <summary>
    /// Wraps an accepted, already non-blocking TCP connection held as a bare descriptor (the server's accept path):
    /// turns <c>TCP_NODELAY</c> on and registers it with <paramref name="loop"/>. The stream owns the descriptor.
    /// </summary>
    internal IOStream(Interop.SocketDescriptor descriptor, IOLoop loop)
    {
        _descriptor = descriptor;
        _loop = loop;
        _fd = (int)descriptor.DangerousGetHandle();
        Interop.SocketCalls.SetNoDelay(_fd);
        _loop.AddHandler(_fd, OnEvents, IOEvents.None);
    }

    /// <summary>
    /// The socket under the stream. For a connection the server accepted, the <see cref="System.Net.Sockets.Socket"/>
    /// object is made on first use (non-blocking, owning the descriptor from then on); after the stream has closed
    /// without one, there is none to give and this throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    public Socket Socket => _socket ??= AdoptDescriptor();

    /// <summary>True once the descriptor under the stream is closed (tests: the peer sees the end of the stream).</summary>
    internal bool DescriptorClosed => _socket?.SafeHandle.IsClosed ?? _descriptor?.IsClosed ?? true;

    /// <summary>Bytes the kernel holds for this stream that it has not read yet (FIONREAD).</summary>
    internal int KernelBytesAvailable => _closed ? 0 : Interop.SocketCalls.BytesAvailable(_fd);

    /// <summary>Shuts down the sending side (the peer reads the end of the stream); the stream can still read.</summary>
    internal void ShutdownSend()
    {
        if (_closed) throw ClosedException();
        var error = Interop.SocketCalls.ShutdownSend(_fd);
        if (error != SocketError.Success) throw new SocketException((int)error);
    }

    private Socket AdoptDescriptor()
    {
        var descriptor = _descriptor;
        ObjectDisposedException.ThrowIf(descriptor is null || descriptor.IsClosed, typeof(Socket));
        var socket = new Socket(new SafeSocketHandle(_fd, ownsHandle: true));
        descriptor.SetHandleAsInvalid(); // the Socket closes the descriptor now
        _descriptor = null;
        socket.Blocking = false;
        return socket;
    }

    /// <summary>The peer's address, or null when the socket has none (or is closed).</summary>
    public EndPoint? RemoteEndPoint
    {
        get
        {
            if (_remoteEndPoint is null && !_closed)
            {
                try { _remoteEndPoint = _socket is not null ? _socket.RemoteEndPoint : Interop.SocketCalls.PeerEndPoint(_fd); }
                catch (SocketException) { }
                catch (ObjectDisposedException) { }
            }
            return _remoteEndPoint;
        }
        internal set => _remoteEndPoint = value;
    }

    /// <summary>The most bytes the read buffer may hold; reaching it fails the read with <see cref="StreamBufferFullException"/> and closes (default 100 MiB, as Tornado).</summary>
    public int MaxBufferSize { get; set; } = 100 * 1024 * 1024;

    /// <summary>The most bytes the write queue may hold; a write beyond it fails with <see cref="StreamBufferFullException"/> (default unbounded).</summary>
    public int MaxWriteBufferSize { get; set; } = int.MaxValue;

    /// <summary>True once the stream is closed (by either side or an error).</summary>
    public bool Closed => _closed;

    /// <summary>Why the stream closed: a <see cref="SocketException"/> for a reset, a limit exception, the error given to <see cref="Close"/>; null for an orderly close.</summary>
    public Exception? Error { get; private set; }

    /// <summary>True while a read is pending.</summary>
    public bool Reading => _readKind != ReadKind.None;

    /// <summary>True while bytes are queued for the kernel.</summary>
    public bool Writing => _write is { Length: > 0 } || TransportBacklog > 0 || _sendFile is not null;

    /// <summary>Bytes queued for the kernel and not yet sent.</summary>
    public long WriteBufferSize => (_write?.Length ?? 0) + TransportBacklog;

    /// <summary>The loop the stream lives on.</summary>
    public IOLoop Loop => _loop;

    /// <summary>
    /// Runs <paramref name="callback"/> on the loop once the stream closes (Tornado's <c>set_close_callback</c>).
    /// While one is set and nothing is buffered, the stream watches for the peer closing even with no read pending.
    /// </summary>
    public void SetCloseCallback(Action? callback)
    {
        _closeCallback = callback;
        if (_closed)
        {
            if (callback is not null) RunCloseCallback();
            return;
        }
        UpdateInterest();
    }

    /// <summary>
    /// Closes the socket. Pending reads fail with <see cref="StreamClosedException"/> (inner: <paramref name="error"/>),
    /// except a pending <see cref="ReadUntilClose"/>, which completes with what was buffered; pending write futures
    /// fail; the write queue's buffers go back to the pool. Data already buffered stays readable. Closing twice does nothing.
    /// </summary>
    public void Close(Exception? error = null)
    {
        if (_closed) return;
        _closed = true;
        if (error is not null) Error = error;
        OnClosing();
        _loop.RemoveHandler(_fd);
        _registered = IOEvents.None;
        try
        {
            if (_socket is not null) _socket.Dispose();
            else _descriptor?.Dispose();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closing an fd whose peer is gone can fail; the stream is closed either way.
        }
        _write?.Release();
        EndSendFile();
        FailWriteFutures();
        FinishReadOnClose();
        if (_read.Length == 0) _read.Release();
        if (_closeCallback is not null) RunCloseCallback();
    }

    /// <summary>Closes the stream.</summary>
    public void Dispose()
    {
        Close();
        GC.SuppressFinalize(this);
    }

    private void RunCloseCallback()
    {
        var callback = _closeCallback!;
        _closeCallback = null;
        // Scheduled, as Tornado does, so the callback never runs inside the read or write that noticed the close.
        _loop.AddCallback(callback);
    }

    private StreamClosedException ClosedException() => new(Error);

    /// <summary>How many times the stream changed what it asks the poller for (each is an epoll_ctl; tests bound it).</summary>
    internal long InterestChanges { get; private set; }

    /// <summary>Dispatches one readiness report from the loop.</summary>
    private void OnEvents(int fd, IOEvents events)
    {
        if (_closed) return;
        _dispatching = true;
        try
        {
            DispatchEvents(events);
        }
        catch (Exception e)
        {
            // Something under the stream failed (e.g. the runtime could not load code it needed while the process was
            // out of descriptors). Left registered, a level-triggered fd would report the same readiness and fail again
            // forever: the connection closes instead, and only it.
            try
            {
                _loop.Logger.LogError(e, "Error handling I/O on fd {Fd}; closing the connection", fd);
            }
            catch (Exception)
            {
                // A failing logger must not keep the stream open.
            }
            Close(e);
        }
        finally
        {
            _dispatching = false;
        }
        // A wait this report completed resumes here, after the stream has finished with the report (interest updated,
        // nothing of the stream's own on the stack), instead of on the next loop turn: the reader runs while its bytes
        // and state are still in the cache, and the buffer goes back to the pool before the next connection's receive.
        // At 10,000 connections a full 1,024-event batch otherwise held 1,024 buffers and connection states until the
        // next turn (issue 16, goal 5).
        if (_readyContinuation is { } continuation)
        {
            _readyContinuation = null;
            _loop.RunNow(continuation);
        }
    }

    // True while the stream handles a readiness report; a wait completed meanwhile resumes when the report is done.
    private bool _dispatching;
    private Action? _readyContinuation;

    private void DispatchEvents(IOEvents events)
    {
        bool hangUp = (events & IOEvents.Error) != 0;
        if (hangUp)
        {
            var error = PendingSocketError();
            if (error != SocketError.Success)
            {
                Close(new SocketException((int)error));
                return;
            }
            // A hang-up without an error: read what is left, the read then sees the end of the stream.
            events |= IOEvents.Read;
        }
        if (!OnTransportEvents(events))
        {
            UpdateInterest();
            return;
        }
        if (_closed) return;
        if ((events & IOEvents.Read) != 0) HandleReadable(hangUp);
        if (_closed) return;
        if ((events & IOEvents.Write) != 0) HandleWritable();
        if (_closed) return;
        UpdateInterest();
    }

    private SocketError PendingSocketError()
    {
        return Interop.SocketCalls.PendingError(_fd);
    }

    /// <summary>
    /// Asks the loop for exactly the readiness the stream needs now: read while a read is pending (or kept from the
    /// last one, or watching for close), write while the queue is not empty.
    /// </summary>
    private protected void UpdateInterest()
    {
        if (_closed) return;
        var wanted = IOEvents.None;
        if (WantsRead) wanted |= IOEvents.Read;
        if (_writeBlocked && (_write is { Length: > 0 } || TransportBacklog > 0 || _sendFile is not null)) wanted |= IOEvents.Write;
        wanted |= TransportInterest;
        if (wanted == _registered) return;
        try
        {
            _loop.UpdateHandler(_fd, wanted);
            _registered = wanted;
            InterestChanges++;
        }
        catch (IOException e)
        {
            _loop.Logger.LogWarning(e, "Could not update the readiness of fd {Fd}; closing the stream", _fd);
            Close(e);
        }
    }
}
