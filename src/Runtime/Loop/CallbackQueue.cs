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
/// The loop's FIFO of callbacks. The owner thread appends without a lock; other threads append to a
/// locked side list that the loop takes in one swap per iteration. Each iteration runs exactly the
/// callbacks queued before it started (as Tornado does), so a callback that re-queues itself cannot
/// starve I/O.
/// </summary>
internal sealed class CallbackQueue
{
    private CallbackItem[] _pending = new CallbackItem[64];
    private int _pendingCount;
    private CallbackItem[] _running = new CallbackItem[64];

    private readonly object _remoteLock = new();
    private CallbackItem[] _remote = new CallbackItem[16];
    private int _remoteCount;

    /// <summary>Queued callbacks from the owner thread, excluding any in the remote list.</summary>
    public int LocalCount => _pendingCount;

    /// <summary>True when another thread has queued work that the loop has not taken yet.</summary>
    public bool HasRemote => Volatile.Read(ref _remoteCount) > 0;

    public void EnqueueLocal(in CallbackItem item)
    {
        if (_pendingCount == _pending.Length) Array.Resize(ref _pending, _pending.Length * 2);
        _pending[_pendingCount++] = item;
    }

    /// <summary>Appends from any thread; returns true when the list was empty (the caller should wake the loop).</summary>
    public bool EnqueueRemote(in CallbackItem item)
    {
        lock (_remoteLock)
        {
            if (_remoteCount == _remote.Length) Array.Resize(ref _remote, _remote.Length * 2);
            _remote[_remoteCount++] = item;
            return _remoteCount == 1;
        }
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
        if (Volatile.Read(ref _remoteCount) > 0)
        {
            lock (_remoteLock)
            {
                if (count + _remoteCount > _running.Length)
                    Array.Resize(ref _running, Math.Max(_running.Length * 2, count + _remoteCount));
                Array.Copy(_remote, 0, _running, count, _remoteCount);
                Array.Clear(_remote, 0, _remoteCount);
                count += _remoteCount;
                _remoteCount = 0;
            }
        }
        return _running;
    }

    /// <summary>Drops the references a finished batch still holds, so callbacks' closures can be collected.</summary>
    public void ClearBatch(int count) => Array.Clear(_running, 0, count);
}
