namespace Squall;

public sealed partial class IOLoop
{
    private sealed class HandlerEntry(Action<int, IOEvents> handler, IOEvents events)
    {
        public Action<int, IOEvents> Handler { get; } = handler;
        public IOEvents Events { get; set; } = events;
    }

    /// <summary>
    /// Calls <paramref name="handler"/>(fd, events) whenever <paramref name="fd"/> is ready for <paramref name="events"/>
    /// (errors are always reported). Level-triggered. Loop thread only; a disposed loop throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void AddHandler(int fd, Action<int, IOEvents> handler, IOEvents events)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed, this);
        AssertLoopThread();
        if (_handlers.ContainsKey(fd)) throw new InvalidOperationException($"fd {fd} already has a handler.");
        _poller.Register(fd, events);
        _handlers[fd] = new HandlerEntry(handler, events);
    }

    /// <summary>Changes the events <paramref name="fd"/>'s handler waits for. Loop thread only; a disposed loop throws <see cref="ObjectDisposedException"/>.</summary>
    public void UpdateHandler(int fd, IOEvents events)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        AssertLoopThread();
        if (!_handlers.TryGetValue(fd, out var entry)) throw new InvalidOperationException($"fd {fd} has no handler.");
        if (entry.Events == events) return;
        _poller.Modify(fd, events);
        entry.Events = events;
    }

    /// <summary>Stops watching <paramref name="fd"/>; does nothing if it has no handler or the loop is disposed. Loop thread only.</summary>
    public void RemoveHandler(int fd)
    {
        AssertLoopThread();
        // After Dispose the epoll fd is closed and its number may already be another loop's: never touch it.
        if (_handlers.Remove(fd) && !_disposed) _poller.Unregister(fd);
    }
}
