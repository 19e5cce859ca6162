namespace Squall;

/// <summary>
/// The FIFO of futures waiting on a queue or lock. A waiter that becomes done by any other path (its timeout,
/// a user's <see cref="Future.Cancel"/>) leaves the list at once, so abandoned waiters neither pile up nor get
/// served (Tornado drops them lazily; removing them eagerly keeps memory flat under many timeouts).
/// </summary>
internal sealed class WaiterQueue<TFuture> where TFuture : Future
{
    private readonly LinkedList<TFuture> _list = new();

    /// <summary>Number of waiters still pending.</summary>
    public int Count => _list.Count;

    /// <summary>
    /// Appends <paramref name="waiter"/>. With a <paramref name="timeout"/>, <paramref name="onTimeout"/> completes it
    /// when the time passes (default: fails it with <see cref="TimeoutException"/>). Loop thread only.
    /// </summary>
    public void Add(TFuture waiter, TimeSpan? timeout, Action<TFuture>? onTimeout = null)
    {
        var node = _list.AddLast(waiter);
        TimeoutHandle? timer = null;
        IOLoop? loop = null;
        if (timeout is { } t)
        {
            loop = IOLoop.Current;
            timer = loop.CallLater(t, () =>
            {
                if (waiter.IsDone) return;
                if (onTimeout is not null) onTimeout(waiter);
                else waiter.TrySetException(new TimeoutException($"Timed out after {t}."));
            });
        }
        InlineWaiter.Attach(waiter, static (_, s) =>
        {
            var (queue, node, loop, timer) = ((WaiterQueue<TFuture>, LinkedListNode<TFuture>, IOLoop?, TimeoutHandle?))s!;
            if (node.List is not null) queue._list.Remove(node);
            if (timer is not null) loop!.RemoveTimeout(timer);
        }, (this, node, loop, timer));
    }

    /// <summary>Takes the oldest waiter that is still pending.</summary>
    public bool TryTake(out TFuture waiter)
    {
        while (_list.First is { } first)
        {
            _list.RemoveFirst();
            if (!first.Value.IsDone)
            {
                waiter = first.Value;
                return true;
            }
        }
        waiter = null!;
        return false;
    }
}
