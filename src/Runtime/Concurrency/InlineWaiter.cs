namespace Squall;

/// <summary>
/// A waiter that runs its callback inline when the future completes (or at once, if it is already done).
/// Internal only: the callback must do nothing but bookkeeping and completing other futures, whose own waiters
/// are scheduled, so no user code ever runs re-entrantly inside <c>SetResult</c>. It saves the loop turn that
/// <see cref="Future.AddDoneCallback"/> costs, so combinators (Multi, queues, locks) add no latency.
/// </summary>
internal sealed class InlineWaiter : IFutureWaiter
{
    private readonly Action<Future, object?> _callback;
    private readonly object? _state;

    private InlineWaiter(Action<Future, object?> callback, object? state)
    {
        _callback = callback;
        _state = state;
    }

    public IFutureWaiter? NextWaiter { get; set; }

    public void OnFutureDone(Future future) => _callback(future, _state);

    /// <summary>Calls <paramref name="callback"/>(future, state) inline once <paramref name="future"/> is done.</summary>
    public static void Attach(Future future, Action<Future, object?> callback, object? state = null) =>
        future.AddWaiter(new InlineWaiter(callback, state));
}
