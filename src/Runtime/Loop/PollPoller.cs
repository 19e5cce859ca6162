using Squall.Loop.Interop;

namespace Squall.Loop;

/// <summary>
/// Portable poll(2). The pollfd array is rebuilt only when the registration set changes,
/// so a steady loop pays one array walk per wait, as select-style backends must.
/// </summary>
internal sealed unsafe class PollPoller : IPoller
{
    private readonly Dictionary<int, IOEvents> _interest = new();
    private Libc.PollFd[] _fds = new Libc.PollFd[16];
    private int _count;
    private bool _dirty;

    public void Register(int fd, IOEvents events)
    {
        if (!_interest.TryAdd(fd, events)) throw new IOException($"fd {fd} is already registered");
        _dirty = true;
    }

    public void Modify(int fd, IOEvents events)
    {
        if (!_interest.ContainsKey(fd)) throw new IOException($"fd {fd} is not registered");
        _interest[fd] = events;
        _dirty = true;
    }

    public void Unregister(int fd)
    {
        if (_interest.Remove(fd)) _dirty = true;
    }

    public int Wait(Span<PollEvent> ready, int timeoutMs)
    {
        if (_dirty) Rebuild();
        int n;
        fixed (Libc.PollFd* p = _fds)
        {
            do
            {
                n = Libc.Poll(p, (nuint)_count, timeoutMs);
            } while (n < 0 && Libc.LastError == Libc.EINTR && (timeoutMs = 0) == 0);
        }
        if (n < 0) throw Libc.Error("poll");

        int found = 0;
        for (int i = 0; i < _count && found < n && found < ready.Length; i++)
        {
            short re = _fds[i].REvents;
            if (re == 0) continue;
            var events = IOEvents.None;
            if ((re & (Libc.POLLIN | Libc.POLLPRI)) != 0) events |= IOEvents.Read;
            if ((re & Libc.POLLOUT) != 0) events |= IOEvents.Write;
            if ((re & (Libc.POLLERR | Libc.POLLHUP | Libc.POLLNVAL)) != 0) events |= IOEvents.Error;
            ready[found++] = new PollEvent(_fds[i].Fd, events);
        }
        return found;
    }

    private void Rebuild()
    {
        if (_fds.Length < _interest.Count) _fds = new Libc.PollFd[Math.Max(_interest.Count, _fds.Length * 2)];
        int i = 0;
        foreach (var (fd, events) in _interest)
        {
            short mask = 0;
            if ((events & IOEvents.Read) != 0) mask |= Libc.POLLIN;
            if ((events & IOEvents.Write) != 0) mask |= Libc.POLLOUT;
            _fds[i++] = new Libc.PollFd { Fd = fd, Events = mask };
        }
        _count = i;
        _dirty = false;
    }

    public void Dispose() { }
}
