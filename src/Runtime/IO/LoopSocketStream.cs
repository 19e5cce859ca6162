using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace Squall.IO;

/// <summary>
/// The <see cref="Stream"/> that <see cref="System.Net.Security.SslStream"/> reads and writes TLS records through: a
/// non-blocking socket driven by the loop. Every operation completes on the loop thread, most of them synchronously:
/// a read the kernel can serve returns at once; a read it cannot stays pending until the loop reports the socket
/// readable and <see cref="OnReadable"/> completes it, running SslStream's continuation inline (no thread-pool hop, no
/// post to the loop). Writes never wait: what the kernel does not take is queued here until <see cref="FlushQueued"/>.
/// Loop thread only.
/// </summary>
internal sealed class LoopSocketStream : Stream, IValueTaskSource<int>
{
    private readonly Socket _socket;
    private readonly IOLoop _loop;
    // RunContinuationsAsynchronously stays false: SetResult runs SslStream's continuation right here, on the loop.
    private ManualResetValueTaskSourceCore<int> _source;
    private Memory<byte> _pendingBuffer;
    private bool _readPending;
    // Whether a receive may find bytes: set by readiness, cleared by EAGAIN. A zero-byte read (SslStream's way of
    // waiting without holding a buffer) completes at once only while it is set.
    private bool _mayBeReadable = true;
    private bool _eof;
    private Exception? _failure;
    private WriteQueue? _queued;

    public LoopSocketStream(Socket socket, IOLoop loop)
    {
        _socket = socket;
        _loop = loop;
    }

    /// <summary>Operations that ran off the loop thread; always 0 (tests assert it: a non-zero count is a thread-pool hop).</summary>
    public static long OffLoopOperations;

    /// <summary>Reads that completed later, from <see cref="OnReadable"/> (each resumed SslStream inline on the loop).</summary>
    public long ResumedReads { get; private set; }

    /// <summary>True while SslStream waits for bytes from the socket.</summary>
    public bool ReadPending => _readPending;

    /// <summary>Encrypted bytes the kernel has not taken yet.</summary>
    public long Queued => _queued?.Length ?? 0;

    /// <summary>The first send error, after which writes are dropped (the stream closes).</summary>
    public SocketError WriteError { get; private set; } = SocketError.Success;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // SslStream is only ever driven through its async methods here; a blocking read would block the loop.
    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("A loop socket is never read synchronously (it would block the loop); use ReadAsync.");

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        CheckLoopThread();
        if (_readPending) throw new InvalidOperationException("A read is already pending.");
        if (_failure is not null) return ValueTask.FromException<int>(_failure);
        if (_eof) return new ValueTask<int>(0);
        if (buffer.IsEmpty)
        {
            if (_mayBeReadable) return new ValueTask<int>(0);
        }
        else if (TryReceive(buffer, out int n, out var error))
        {
            return error is null ? new ValueTask<int>(n) : ValueTask.FromException<int>(error);
        }
        _pendingBuffer = buffer;
        _readPending = true;
        _source.Reset();
        return new ValueTask<int>(this, _source.Version);
    }

    /// <summary>The loop reported the socket readable (or hung up): serves the pending read, if any.</summary>
    public void OnReadable()
    {
        _mayBeReadable = true;
        if (!_readPending) return;
        if (_pendingBuffer.IsEmpty)
        {
            CompleteRead(0, null);
            return;
        }
        if (TryReceive(_pendingBuffer, out int n, out var error)) CompleteRead(n, error);
    }

    /// <summary>Fails the pending read and every later one with <paramref name="error"/> (the stream is closing).</summary>
    public void Fail(Exception error)
    {
        _failure ??= error;
        if (_readPending) CompleteRead(0, _failure);
    }

    private void CompleteRead(int n, Exception? error)
    {
        _readPending = false;
        _pendingBuffer = default;
        ResumedReads++;
        // SslStream's own awaits are Task awaits with ConfigureAwait(false); the runtime inlines such a continuation
        // only where no SynchronizationContext is set, and the loop thread has one. Without this, every resumed
        // record would hop to the thread pool (measured: the handshake's second flight ran on a pool thread).
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            if (error is null) _source.SetResult(n);
            else _source.SetException(error);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    /// <summary>One non-blocking receive: false when the kernel has nothing (wait for readiness).</summary>
    private bool TryReceive(Memory<byte> buffer, out int n, out Exception? error)
    {
        error = null;
        n = _socket.Receive(buffer.Span, SocketFlags.None, out var socketError);
        if (socketError == SocketError.Success)
        {
            if (n == 0) _eof = true;
            return true;
        }
        n = 0;
        if (socketError == SocketError.WouldBlock)
        {
            _mayBeReadable = false;
            return false;
        }
        error = _failure = new IOException("Receive failed: " + socketError, new SocketException((int)socketError));
        return true;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        CheckLoopThread();
        Send(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return default;
    }

    /// <summary>Sends what the kernel takes now and queues the rest; never waits.</summary>
    private void Send(ReadOnlySpan<byte> data)
    {
        if (WriteError != SocketError.Success || data.IsEmpty) return;
        if (_queued is not { Length: > 0 })
        {
            int sent = _socket.Send(data, SocketFlags.None, out var error);
            if (error == SocketError.Success) data = data[sent..];
            else if (error != SocketError.WouldBlock)
            {
                WriteError = error;
                return;
            }
        }
        if (!data.IsEmpty) (_queued ??= new WriteQueue()).Append(data);
    }

    /// <summary>Sends queued records: <see cref="SocketError.Success"/> once none remain, WouldBlock while some do, or the send error.</summary>
    public SocketError FlushQueued()
    {
        if (WriteError != SocketError.Success) return WriteError;
        var queue = _queued;
        while (queue is { Length: > 0 })
        {
            queue.Send(_socket, out var error);
            if (error == SocketError.WouldBlock) return error;
            if (error != SocketError.Success)
            {
                WriteError = error;
                return error;
            }
        }
        return SocketError.Success;
    }

    protected override void Dispose(bool disposing)
    {
        _queued?.Release();
        base.Dispose(disposing);
    }

    private void CheckLoopThread()
    {
        if (!_loop.IsOnLoopThread) Interlocked.Increment(ref OffLoopOperations);
    }

    int IValueTaskSource<int>.GetResult(short token) => _source.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _source.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        CheckLoopThread();
        _source.OnCompleted(continuation, state, token, flags);
    }
}
