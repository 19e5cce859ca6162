namespace Squall.Loop;

/// <summary>One queued callback. A struct so that queueing allocates nothing beyond the delegate.</summary>
internal readonly struct CallbackItem
{
    private readonly Delegate _callback;
    private readonly object? _state;

    public CallbackItem(Action callback) { _callback = callback; _state = null; }

    public CallbackItem(SendOrPostCallback callback, object? state) { _callback = callback; _state = state; }

    public Delegate Callback => _callback;

    public void Invoke()
    {
        // Action first: it is what the coroutine builder and most callers queue.
        if (_callback is Action action) action();
        else ((SendOrPostCallback)_callback)(_state);
    }
}

/// <summary>
/// The loop's FIFO of callbacks. The owner thread appends to a plain array without synchronisation; other
/// threads append to a lock-free <see cref="System.Collections.Concurrent.ConcurrentQueue{T}"/> that the loop
/// drains once per iteration (a lock shared with the loop cost 2.2× a Channel per cross-thread callback). Each iteration runs exactly the
/// callbacks queued before it started (as Tornado does), so a callback that re-queues itself cannot
/// starve I/O.
/// </summary>
internal sealed class CallbackQueue
{
    private CallbackItem[] _pending = new CallbackItem[64];
    private int _pendingCount;
    private CallbackItem[] _running = new CallbackItem[64];

    // Bounds one iteration's share of another thread's callbacks, so a flooding producer cannot starve I/O.
    private const int MaxRemotePerBatch = 65_536;

    private readonly System.Collections.Concurrent.ConcurrentQueue<CallbackItem> _remote = new();

    // 1 once a producer has asked for a wake-up that the loop has not consumed: producers wake the loop at most
    // once per drain, and read the flag before writing it so the common case touches no shared cache line.
    private int _wakeRequested;

    /// <summary>Queued callbacks from the owner thread, excluding any in the remote list.</summary>
    public int LocalCount => _pendingCount;

    /// <summary>True when another thread has queued work that the loop has not taken yet.</summary>
    public bool HasRemote => !_remote.IsEmpty;

    public void EnqueueLocal(in CallbackItem item)
    {
        if (_pendingCount == _pending.Length) Array.Resize(ref _pending, _pending.Length * 2);
        _pending[_pendingCount++] = item;
    }

    /// <summary>Appends from any thread; returns true when the caller should wake the loop.</summary>
    public bool EnqueueRemote(in CallbackItem item)
    {
        _remote.Enqueue(item);
        return Volatile.Read(ref _wakeRequested) == 0 && Interlocked.Exchange(ref _wakeRequested, 1) == 0;
    }

    /// <summary>
    /// Takes everything queued so far into a batch to run; callbacks queued while the batch runs wait for
    /// the next call. Returns the batch (valid until the next call) and its length.
    /// </summary>
    public CallbackItem[] TakeBatch(out int count)
    {
        (_running, _pending) = (_pending, _running);
        count = _pendingCount;
        _pendingCount = 0;
        // Reset the wake-up request on every batch, before looking at the queue: an item enqueued after this point
        // either lands in this batch or finds the flag clear and wakes the loop, so no wake-up is ever lost
        // (resetting only when the queue was non-empty could leave the flag set while the loop sleeps).
        // The reset must be a full fence (Interlocked.Exchange), not a plain store: a store followed by a load of
        // another location may be reordered even on x86 (store buffering), so the loop could read the queue as empty
        // before its clear is visible, while a producer that just enqueued still reads the flag as set and sends no
        // wake-up. Producers' side is fenced by the queue's own interlocked enqueue.
        if (Volatile.Read(ref _wakeRequested) != 0) Interlocked.Exchange(ref _wakeRequested, 0);
        if (!_remote.IsEmpty)
        {
            for (int taken = 0; taken < MaxRemotePerBatch && _remote.TryDequeue(out var item); taken++)
            {
                if (count == _running.Length) Array.Resize(ref _running, _running.Length * 2);
                _running[count++] = item;
            }
        }
        return _running;
    }

    /// <summary>Drops the references a finished batch still holds, so callbacks' closures can be collected.</summary>
    public void ClearBatch(int count) => Array.Clear(_running, 0, count);
}
