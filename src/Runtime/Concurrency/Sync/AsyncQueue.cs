namespace Squall;

/// <summary>
/// A queue for coordinating producer and consumer coroutines on one loop (Tornado's <c>tornado.queues.Queue</c>).
/// <see cref="Put"/> waits while the queue is full (<see cref="MaxSize"/> &gt; 0), <see cref="Get"/> waits while it
/// is empty; waiters are served in FIFO order, and a waiter whose timeout passes is removed and fails with
/// <see cref="TimeoutException"/>. <see cref="TaskDone"/> and <see cref="Join"/> track unfinished items.
/// <c>await foreach (var item in queue)</c> gets items forever (break out of it). Loop thread only.
/// </summary>
public class AsyncQueue<T> : IAsyncEnumerable<T>
{
    private readonly IQueueStore<T> _store;
    private readonly WaiterQueue<Future<T>> _getters = new();
    private readonly WaiterQueue<PendingPut> _putters = new();
    private readonly AsyncEvent _finished = new();
    private int _unfinishedTasks;

    /// <summary>Creates a FIFO queue; <paramref name="maxSize"/> 0 means unbounded.</summary>
    public AsyncQueue(int maxSize = 0) : this(new FifoStore<T>(), maxSize) { }

    private protected AsyncQueue(IQueueStore<T> store, int maxSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        _store = store;
        MaxSize = maxSize;
        _finished.Set();
    }

    /// <summary>How many items the queue holds before <see cref="Put"/> waits; 0 means unbounded.</summary>
    public int MaxSize { get; }

    /// <summary>Number of items in the queue.</summary>
    public int Count => _store.Count;

    /// <summary>True when the queue holds no item.</summary>
    public bool IsEmpty => _store.Count == 0;

    /// <summary>True when the queue holds <see cref="MaxSize"/> items (never for an unbounded queue).</summary>
    public bool IsFull => MaxSize > 0 && _store.Count >= MaxSize;

    /// <summary>
    /// Puts <paramref name="item"/> in the queue, waiting for room if it is full. The future fails with
    /// <see cref="TimeoutException"/> if <paramref name="timeout"/> passes first (the item is then not added).
    /// </summary>
    public Future Put(T item, TimeSpan? timeout = null)
    {
        if (TryPutNowait(item)) return Future.Completed;
        var putter = new PendingPut(item);
        _putters.Add(putter, timeout);
        return putter;
    }

    /// <summary>Puts <paramref name="item"/> without waiting; throws <see cref="QueueFullException"/> if the queue is full.</summary>
    public void PutNowait(T item)
    {
        if (!TryPutNowait(item)) throw new QueueFullException();
    }

    private bool TryPutNowait(T item)
    {
        if (_getters.TryTake(out var getter))
        {
            // A getter waits only while the queue is empty: hand the item over through the store so the
            // unfinished-task count stays right.
            AddItem(item);
            getter.TrySetResult(_store.Take());
            return true;
        }
        if (IsFull) return false;
        AddItem(item);
        return true;
    }

    /// <summary>
    /// Removes and returns an item, waiting until one is available. The future fails with
    /// <see cref="TimeoutException"/> if <paramref name="timeout"/> passes first.
    /// </summary>
    public Future<T> Get(TimeSpan? timeout = null)
    {
        if (TryGetNowait(out var item)) return Future.FromResult(item);
        var getter = new Future<T>();
        _getters.Add(getter, timeout);
        return getter;
    }

    /// <summary>Removes and returns an item without waiting; throws <see cref="QueueEmptyException"/> if there is none.</summary>
    public T GetNowait() => TryGetNowait(out var item) ? item : throw new QueueEmptyException();

    private bool TryGetNowait(out T item)
    {
        if (_putters.TryTake(out var putter))
        {
            // A putter waits only while the queue is full: its item takes the place of the one we remove.
            AddItem(putter.Item);
            putter.TrySetResult();
            item = _store.Take();
            return true;
        }
        if (_store.Count > 0)
        {
            item = _store.Take();
            return true;
        }
        item = default!;
        return false;
    }

    private void AddItem(T item)
    {
        _unfinishedTasks++;
        _finished.Clear();
        _store.Add(item);
    }

    /// <summary>
    /// Marks one item taken by <see cref="Get"/> as processed; when every item put so far is, <see cref="Join"/>
    /// completes. Throws <see cref="InvalidOperationException"/> when called more times than items were put.
    /// </summary>
    public void TaskDone()
    {
        if (_unfinishedTasks <= 0) throw new InvalidOperationException("TaskDone() called more times than there were items.");
        if (--_unfinishedTasks == 0) _finished.Set();
    }

    /// <summary>
    /// Completes when every item put so far has been processed (<see cref="TaskDone"/>); fails with
    /// <see cref="TimeoutException"/> if <paramref name="timeout"/> passes first.
    /// </summary>
    public Future Join(TimeSpan? timeout = null) => _finished.Wait(timeout);

    /// <summary>Items forever, each from <see cref="Get"/>; for <c>await foreach</c>.</summary>
    public Enumerator GetAsyncEnumerator() => new(this);

    IAsyncEnumerator<T> IAsyncEnumerable<T>.GetAsyncEnumerator(CancellationToken cancellationToken) =>
        new AsyncEnumeratorAdapter<T>(GetAsyncEnumerator());

    /// <summary>Gets items from an <see cref="AsyncQueue{T}"/> for <c>await foreach</c>; never ends by itself.</summary>
    public sealed class Enumerator : IFutureAsyncEnumerator<T>
    {
        private readonly AsyncQueue<T> _queue;

        internal Enumerator(AsyncQueue<T> queue) => _queue = queue;

        /// <inheritdoc />
        public T Current { get; private set; } = default!;

        /// <inheritdoc />
        public Future<bool> MoveNextAsync()
        {
            if (_queue.TryGetNowait(out var item))
            {
                Current = item;
                return BoolFutures.True;
            }
            var getter = new Future<T>();
            _queue._getters.Add(getter, null);
            var moved = new Future<bool>();
            InlineWaiter.Attach(getter, static (f, s) =>
            {
                var (self, moved) = ((Enumerator, Future<bool>))s!;
                if (f.Exception is { } e)
                {
                    moved.TrySetException(e);
                    return;
                }
                self.Current = ((Future<T>)f).Result;
                moved.TrySetResult(true);
            }, (this, moved));
            return moved;
        }
    }

    /// <summary>A waiting <see cref="Put"/>: the future the caller awaits, carrying the item.</summary>
    private sealed class PendingPut(T item) : Future
    {
        public T Item { get; } = item;
    }
}
