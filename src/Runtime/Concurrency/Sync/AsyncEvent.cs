namespace Squall;

/// <summary>
/// A flag coroutines can wait for (Tornado's <c>tornado.locks.Event</c>): <see cref="Wait"/> completes once
/// <see cref="Set"/> is called, at once if it already was; <see cref="Clear"/> makes later waits block again.
/// Loop thread only.
/// </summary>
public sealed class AsyncEvent
{
    private readonly WaiterQueue<Future> _waiters = new();

    /// <summary>True between <see cref="Set"/> and <see cref="Clear"/>.</summary>
    public bool IsSet { get; private set; }

    /// <summary>Sets the flag and wakes every waiter.</summary>
    public void Set()
    {
        if (IsSet) return;
        IsSet = true;
        while (_waiters.TryTake(out var waiter)) waiter.TrySetResult();
    }

    /// <summary>Resets the flag: later <see cref="Wait"/>s block until the next <see cref="Set"/>.</summary>
    public void Clear() => IsSet = false;

    /// <summary>
    /// Completes when the flag is set. Fails with <see cref="TimeoutException"/> if <paramref name="timeout"/> passes
    /// first (as Tornado's <c>Event.wait</c> raises <c>TimeoutError</c>).
    /// </summary>
    public Future Wait(TimeSpan? timeout = null)
    {
        if (IsSet) return Future.Completed;
        var waiter = new Future();
        _waiters.Add(waiter, timeout);
        return waiter;
    }
}
