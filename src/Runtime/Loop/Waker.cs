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
    private bool _disposed;

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
        // A full pipe or a saturated eventfd already wakes the loop: EAGAIN is success here.
        ulong one = 1;
        if (_isEventFd) Libc.Write(_writeFd, (byte*)&one, 8);
        else Libc.Write(_writeFd, (byte*)&one, 1);
    }

    public void Drain()
    {
        byte* buffer = stackalloc byte[64];
        while (Libc.Read(_readFd, buffer, _isEventFd ? 8 : 64) > 0 && !_isEventFd) { }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Libc.Close(_readFd);
        if (_writeFd != _readFd) Libc.Close(_writeFd);
    }
}
