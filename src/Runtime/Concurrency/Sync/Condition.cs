namespace Squall;

/// <summary>
/// Lets coroutines wait until another one notifies them (Tornado's <c>tornado.locks.Condition</c>). There is no
/// lock to hold: the loop is single-threaded. Waiters are woken in FIFO order. Loop thread only.
/// </summary>
public sealed class Condition
{
    private readonly WaiterQueue<Future<bool>> _waiters = new();

    /// <summary>
    /// Waits for a <see cref="Notify"/>: completes with true when notified, with false when <paramref name="timeout"/>
    /// passes first (Tornado's <c>Condition.wait</c> resolves to <c>False</c> on timeout rather than raising).
    /// </summary>
    public Future<bool> Wait(TimeSpan? timeout = null)
    {
        var waiter = new Future<bool>();
        _waiters.Add(waiter, timeout, static w => w.TrySetResult(false));
        return waiter;
    }

    /// <summary>Wakes up to <paramref name="n"/> waiters, oldest first.</summary>
    public void Notify(int n = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        // Take them all first, then wake them, so a woken waiter cannot change who else is woken (as Tornado does).
        var woken = new List<Future<bool>>(Math.Min(n, _waiters.Count));
        while (woken.Count < n && _waiters.TryTake(out var waiter)) woken.Add(waiter);
        foreach (var waiter in woken) waiter.TrySetResult(true);
    }

    /// <summary>Wakes every waiter.</summary>
    public void NotifyAll() => Notify(_waiters.Count);

    /// <summary>Number of coroutines waiting.</summary>
    public int WaiterCount => _waiters.Count;
}
