using System.Runtime.InteropServices;
using Squall.Loop.Interop;

namespace Squall.Loop;

/// <summary>Linux epoll(7), level-triggered. The event buffer is allocated once per poller.</summary>
internal sealed unsafe class EpollPoller : IPoller
{
    private const int MaxEvents = 1024;

    // x86-64 declares epoll_event packed (12 bytes); the other 64-bit ABIs align it (16 bytes).
    private static readonly bool Packed = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;

    private readonly int _epfd;
    private readonly byte* _events;
    private readonly int _eventSize;
    private bool _disposed;

    public EpollPoller()
    {
        _epfd = Libc.EpollCreate1(Libc.EPOLL_CLOEXEC);
        if (_epfd < 0) throw Libc.Error("epoll_create1");
        _eventSize = Packed ? sizeof(Libc.EpollEventPacked) : sizeof(Libc.EpollEventAligned);
        _events = (byte*)NativeMemory.AllocZeroed((nuint)(MaxEvents * _eventSize));
    }

    public void Register(int fd, IOEvents events) => Control(Libc.EPOLL_CTL_ADD, fd, events, "epoll_ctl(ADD)");

    public void Modify(int fd, IOEvents events) => Control(Libc.EPOLL_CTL_MOD, fd, events, "epoll_ctl(MOD)");

    public void Unregister(int fd)
    {
        // An fd closed before it was unregistered has already left the epoll set: ENOENT/EBADF are fine.
        Libc.EpollEventAligned ev = default;
        if (Libc.EpollCtl(_epfd, Libc.EPOLL_CTL_DEL, fd, &ev) < 0)
        {
            int errno = Libc.LastError;
            if (errno != Libc.ENOENT && errno != Libc.EBADF) throw Libc.Error("epoll_ctl(DEL)", errno);
        }
    }

    private void Control(int op, int fd, IOEvents events, string what)
    {
        uint mask = ToEpoll(events);
        int rc;
        if (Packed)
        {
            var ev = new Libc.EpollEventPacked { Events = mask, Data = (ulong)(uint)fd };
            rc = Libc.EpollCtl(_epfd, op, fd, &ev);
        }
        else
        {
            var ev = new Libc.EpollEventAligned { Events = mask, Data = (ulong)(uint)fd };
            rc = Libc.EpollCtl(_epfd, op, fd, &ev);
        }
        if (rc < 0) throw Libc.Error(what);
    }

    public int Wait(Span<PollEvent> ready, int timeoutMs)
    {
        int max = Math.Min(ready.Length, MaxEvents);
        int n;
        do
        {
            n = Libc.EpollWait(_epfd, _events, max, timeoutMs);
        } while (n < 0 && Libc.LastError == Libc.EINTR && (timeoutMs = 0) == 0);
        if (n < 0) throw Libc.Error("epoll_wait");

        for (int i = 0; i < n; i++)
        {
            uint mask;
            ulong data;
            if (Packed)
            {
                var ev = (Libc.EpollEventPacked*)(_events + i * _eventSize);
                mask = ev->Events; data = ev->Data;
            }
            else
            {
                var ev = (Libc.EpollEventAligned*)(_events + i * _eventSize);
                mask = ev->Events; data = ev->Data;
            }
            ready[i] = new PollEvent((int)(uint)data, FromEpoll(mask));
        }
        return n;
    }

    private static uint ToEpoll(IOEvents events)
    {
        uint mask = 0;
        if ((events & IOEvents.Read) != 0) mask |= Libc.EPOLLIN | Libc.EPOLLRDHUP;
        if ((events & IOEvents.Write) != 0) mask |= Libc.EPOLLOUT;
        return mask; // EPOLLERR and EPOLLHUP are always reported.
    }

    private static IOEvents FromEpoll(uint mask)
    {
        var events = IOEvents.None;
        if ((mask & (Libc.EPOLLIN | Libc.EPOLLPRI | Libc.EPOLLRDHUP)) != 0) events |= IOEvents.Read;
        if ((mask & Libc.EPOLLOUT) != 0) events |= IOEvents.Write;
        if ((mask & (Libc.EPOLLERR | Libc.EPOLLHUP)) != 0) events |= IOEvents.Error;
        return events;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Libc.Close(_epfd);
        NativeMemory.Free(_events);
    }
}
