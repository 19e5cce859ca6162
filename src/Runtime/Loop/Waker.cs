using Squall.Loop.Interop;

namespace Squall.Loop;

/// <summary>
/// Wakes a loop blocked in its poller from another thread: an eventfd on Linux, a non-blocking pipe elsewhere.
/// The loop registers <see cref="ReadFd"/> for reading and calls <see cref="Drain"/> when it fires.
/// </summary>
internal sealed unsafe class Waker : IDisposable
{
    private readonly int _readFd;
    private readonly int _writeFd;
    private readonly bool _isEventFd;
    private int _disposed;
    // Wake calls in progress (any thread). Dispose waits for them before it closes the fds: a write after the close
    // would land on whatever file later got the same fd number (another loop's eventfd, a socket).
    private int _waking;

    public Waker(bool preferEventFd)
    {
        if (preferEventFd && OperatingSystem.IsLinux())
        {
            int fd = Libc.EventFd(0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
            if (fd >= 0)
            {
                _readFd = _writeFd = fd;
                _isEventFd = true;
                return;
            }
        }
        int* fds = stackalloc int[2];
        if (Libc.Pipe2(fds, Libc.O_NONBLOCK | Libc.O_CLOEXEC) < 0) throw Libc.Error("pipe2");
        _readFd = fds[0];
        _writeFd = fds[1];
    }

    public int ReadFd => _readFd;

    public void Wake()
    {
        // Announce the write before checking for disposal (both interlocked, full fences): either this call sees the
        // disposal and writes nothing, or Dispose sees it waking and waits for it to finish.
        Interlocked.Increment(ref _waking);
        try
        {
            if (Volatile.Read(ref _disposed) != 0) return;
            // A full pipe or a saturated eventfd already wakes the loop: EAGAIN is success here.
            ulong one = 1;
            if (_isEventFd) Libc.Write(_writeFd, (byte*)&one, 8);
            else Libc.Write(_writeFd, (byte*)&one, 1);
        }
        finally
        {
            Interlocked.Decrement(ref _waking);
        }
    }

    public void Drain()
    {
        byte* buffer = stackalloc byte[64];
        while (Libc.Read(_readFd, buffer, _isEventFd ? 8 : 64) > 0 && !_isEventFd) { }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // A Wake on another thread that started before the flag was set finishes its one write first.
        var spin = new SpinWait();
        while (Volatile.Read(ref _waking) != 0) spin.SpinOnce();
        Libc.Close(_readFd);
        if (_writeFd != _readFd) Libc.Close(_writeFd);
    }
}
