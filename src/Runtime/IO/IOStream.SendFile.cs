using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Squall.IO.Interop;

namespace Squall.IO;

// File bytes sent by the kernel (sendfile(2), nginx's trick): no user-space buffer, no copy through the managed heap.
// The transfer sits behind whatever the write queue held when it began and is driven by the same write readiness.
public partial class IOStream
{
    // At most this much per readiness report, so one fast reader of a large file cannot hold the loop while other
    // connections wait: the rest goes on the next report (write interest stays on, and epoll is level-triggered).
    private const int SendFileSlice = 1024 * 1024;

    private SafeFileHandle? _sendFile;
    private long _sendFileOffset;
    private long _sendFileEnd;

    /// <summary>False for streams that must see every byte in user space (TLS encrypts it).</summary>
    private protected virtual bool TransportCanSendFile => true;

    /// <summary>True when <see cref="SendFile"/> may be used: an open plain (not TLS) stream.</summary>
    internal bool CanSendFile => TransportCanSendFile && !_closed;

    /// <summary>True while a file transfer started by <see cref="SendFile"/> has bytes left.</summary>
    internal bool SendingFile => _sendFile is not null;

    /// <summary>Bytes handed to the kernel so far (queue and files); progress for a write timeout.</summary>
    internal long BytesSent => _totalSent - TransportBacklog;

    /// <summary>
    /// Sends <paramref name="count"/> bytes of <paramref name="file"/> from <paramref name="offset"/> after everything
    /// queued so far, with <c>sendfile(2)</c>. The future completes when the last byte reached the kernel and fails
    /// with <see cref="StreamClosedException"/> when the stream closes first (or the file turns out shorter: the
    /// stream closes then, since its framing is broken). The handle must stay open until the future is done; nothing
    /// may be written to the stream until then.
    /// </summary>
    internal Future SendFile(SafeFileHandle file, long offset, long count)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_closed) return Future.FromException(ClosedException());
        if (!TransportCanSendFile) throw new NotSupportedException("sendfile needs a plain socket; this stream transforms its bytes (TLS).");
        if (_sendFile is not null) throw new InvalidOperationException("A file is already being sent on this stream.");
        if (count == 0) return Flush();
        bool added = false;
        file.DangerousAddRef(ref added); // released when the transfer ends or the stream closes
        _sendFile = file;
        _sendFileOffset = offset;
        _sendFileEnd = offset + count;
        _totalQueued += count;
        return Flush();
    }

    private void ThrowIfSendingFile()
    {
        if (_sendFile is not null) throw new InvalidOperationException("Cannot write while a file is being sent on this stream (await its future first).");
    }

    /// <summary>
    /// Sends file bytes until the transfer ends (Success), the kernel buffer fills (WouldBlock), or this report's
    /// slice is used up (WouldBlock too: write interest stays on and the next report continues).
    /// </summary>
    private SocketError SendFilePart()
    {
        long budget = SendFileSlice;
        while (_sendFileOffset < _sendFileEnd)
        {
            if (budget <= 0) return SocketError.WouldBlock;
            long before = _sendFileOffset;
            nint taken = SocketCalls.SendFile(_fd, (int)_sendFile!.DangerousGetHandle(), ref _sendFileOffset,
                (nuint)Math.Min(_sendFileEnd - _sendFileOffset, budget));
            if (taken > 0)
            {
                long sent = _sendFileOffset - before;
                _totalSent += sent;
                budget -= sent;
                continue;
            }
            if (taken == 0)
            {
                // End of file before the promised count: the file shrank while being served.
                EndSendFile();
                Close(new IOException("The file ended before the bytes announced for it were sent."));
                return SocketError.Shutdown;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno == SocketCalls.EINTR) continue;
            if (errno == SocketCalls.EAGAIN) return SocketError.WouldBlock;
            EndSendFile();
            return SocketCalls.ToSocketError(errno);
        }
        EndSendFile();
        return SocketError.Success;
    }

    private void EndSendFile()
    {
        var file = _sendFile;
        if (file is null) return;
        _sendFile = null;
        file.DangerousRelease();
    }
}
