using System.Net.Sockets;

namespace Squall.IO;

public partial class IOStream
{
    // Write futures waiting for the kernel to take their bytes, by the stream offset their last byte ends at
    // (Tornado's _write_futures with _total_write_index).
    private Queue<(long End, Future Future)>? _writeFutures;
    private long _totalQueued;
    private long _totalSent;
    // The last send hit a full kernel buffer: new bytes wait for write-readiness (and leave together with the
    // queued ones in one send). Write interest is on exactly while this is set and bytes are queued, so a send that
    // succeeds at once costs no epoll_ctl.
    private bool _writeBlocked;

    /// <summary>
    /// Sends what the kernel takes of <paramref name="data"/> now and queues a copy of the rest. The future completes when the
    /// last of these bytes has been handed to the kernel; it fails with <see cref="StreamClosedException"/> if the
    /// stream closes first, or at once with <see cref="StreamBufferFullException"/> when the queue would exceed
    /// <see cref="MaxWriteBufferSize"/> (nothing is queued then).
    /// </summary>
    public Future Write(ReadOnlyMemory<byte> data)
    {
        if (_closed) return Future.FromException(ClosedException());
        ThrowIfSendingFile();
        if (WriteBufferSize + data.Length > MaxWriteBufferSize)
        {
            return Future.FromException(new StreamBufferFullException($"Reached maximum write buffer size ({MaxWriteBufferSize} bytes)"));
        }
        if (!data.IsEmpty && !_writeBlocked && _write is not { Length: > 0 } && TransportBacklog == 0)
        {
            // Nothing queued ahead: hand the caller's bytes to the kernel directly and queue (copy) only what it
            // did not take, so a large write is not copied whole first.
            int sent = SendCore(data, out var error);
            if (error is SocketError.Success or SocketError.WouldBlock)
            {
                // A plain socket takes nothing when it would block; a TLS transport takes everything (encrypted) and
                // reports WouldBlock while its ciphertext waits for the kernel.
                _totalQueued += sent;
                _totalSent += sent;
                data = data[sent..];
                if (error == SocketError.WouldBlock) _writeBlocked = true;
            }
            else
            {
                if (!_closed) Close(new SocketException((int)error));
                return Future.FromException(ClosedException());
            }
        }
        if (!data.IsEmpty)
        {
            (_write ??= new WriteQueue()).Append(data.Span);
            _totalQueued += data.Length;
        }
        return Flush();
    }

    /// <summary>
    /// Sends what is queued; the future completes when all bytes queued so far have been handed to the kernel.
    /// Done at once (allocation-free) when the queue empties immediately.
    /// </summary>
    public Future Flush()
    {
        if (_closed) return Future.FromException(ClosedException());
        FlushPending();
        if (_closed) return Future.FromException(ClosedException());
        if (_totalSent - TransportBacklog >= _totalQueued) return Future.Completed;
        var future = new Future();
        (_writeFutures ??= new Queue<(long, Future)>()).Enqueue((_totalQueued, future));
        return future;
    }

    /// <summary>
    /// Starts sending what was queued with <see cref="GetSpan"/>/<see cref="GetMemory"/> and <see cref="Advance"/>,
    /// without a future; a send error closes the stream (see <see cref="Error"/>).
    /// </summary>
    public void FlushPending()
    {
        if (_closed || (_write is not { Length: > 0 } && TransportBacklog == 0 && _sendFile is null)) return;
        if (!_writeBlocked) HandleWritable();
        UpdateInterest();
    }

    /// <summary>
    /// A writable span of at least <paramref name="sizeHint"/> bytes at the end of the write queue
    /// (<see cref="System.Buffers.IBufferWriter{T}"/>-style); fill it, then <see cref="Advance"/>. Valid until the next
    /// write call on this stream.
    /// </summary>
    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    /// <summary>Like <see cref="GetSpan"/>, as memory.</summary>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (_closed) throw ClosedException();
        ThrowIfSendingFile();
        return (_write ??= new WriteQueue()).GetMemory(sizeHint);
    }

    /// <summary>Commits <paramref name="count"/> bytes written into the last <see cref="GetSpan"/>/<see cref="GetMemory"/>.</summary>
    public void Advance(int count)
    {
        if (_closed) throw ClosedException();
        if (_write is null) throw new InvalidOperationException("Advance without GetSpan/GetMemory.");
        _write.Advance(count);
        _totalQueued += count;
    }

    /// <summary>How many send calls the stream made (for tests of write coalescing).</summary>
    internal long SendCalls => _write?.SendCalls ?? 0;

    /// <summary>The socket is writable: send until the queue is empty or the kernel buffer is full.</summary>
    private void HandleWritable()
    {
        var flushed = FlushTransport();
        if (flushed == SocketError.WouldBlock)
        {
            _writeBlocked = true;
            return;
        }
        if (flushed != SocketError.Success)
        {
            if (!_closed) Close(new SocketException((int)flushed));
            return;
        }
        var queue = _write;
        while (queue is { Length: > 0 })
        {
            int sent = SendQueuedCore(queue, out var error);
            _totalSent += sent;
            if (error == SocketError.WouldBlock)
            {
                _writeBlocked = true;
                break;
            }
            if (error != SocketError.Success)
            {
                if (!_closed) Close(new SocketException((int)error));
                return;
            }
        }
        if (queue is not { Length: > 0 } && _sendFile is not null)
        {
            // The file goes after every byte queued before it (nothing may be queued while it is sent).
            var fileState = SendFilePart();
            if (_closed) return;
            if (fileState == SocketError.WouldBlock) _writeBlocked = true;
            else if (fileState != SocketError.Success)
            {
                Close(new SocketException((int)fileState));
                return;
            }
        }
        if (queue is not { Length: > 0 } && TransportBacklog == 0 && _sendFile is null) _writeBlocked = false;
        CompleteWriteFutures();
    }

    private void CompleteWriteFutures()
    {
        var futures = _writeFutures;
        if (futures is null) return;
        long onTheWire = _totalSent - TransportBacklog;
        while (futures.Count > 0 && futures.Peek().End <= onTheWire) futures.Dequeue().Future.TrySetResult();
    }

    private void FailWriteFutures()
    {
        var futures = _writeFutures;
        if (futures is null) return;
        while (futures.Count > 0) futures.Dequeue().Future.TrySetException(ClosedException());
    }
}
