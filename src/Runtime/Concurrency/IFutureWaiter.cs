namespace Squall;

/// <summary>
/// Something waiting for a <see cref="Future"/>: a coroutine's box, a done callback or a continuation.
/// Waiters form an intrusive list, so a coroutine awaiting a future costs no allocation beyond its box.
/// </summary>
internal interface IFutureWaiter
{
    IFutureWaiter? NextWaiter { get; set; }

    /// <summary>Called once when the awaited future completes; must schedule, never run inline.</summary>
    void OnFutureDone(Future future);
}

/// <summary>A continuation or done callback with the loop it must run on (null: the thread pool).</summary>
internal sealed class CallbackWaiter : IFutureWaiter
{
    private readonly IOLoop? _loop;
    private readonly Action? _continuation;
    private readonly Action<Future>? _doneCallback;

    public CallbackWaiter(IOLoop? loop, Action continuation)
    {
        _loop = loop;
        _continuation = continuation;
    }

    public CallbackWaiter(IOLoop? loop, Action<Future> doneCallback)
    {
        _loop = loop;
        _doneCallback = doneCallback;
    }

    public IFutureWaiter? NextWaiter { get; set; }

    public void OnFutureDone(Future future)
    {
        if (_continuation is not null) Schedule(_loop, _continuation);
        else Schedule(_loop, () => _doneCallback!(future));
    }

    internal static void Schedule(IOLoop? loop, Action action)
    {
        if (loop is not null) loop.AddCallback(action);
        else ThreadPool.UnsafeQueueUserWorkItem(static a => a(), action, preferLocal: false);
    }
}
