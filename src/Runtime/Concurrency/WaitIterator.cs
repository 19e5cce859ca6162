namespace Squall;

/// <summary>
/// Hands out the results of several futures in the order they complete (Tornado's <c>gen.WaitIterator</c>).
/// Two ways to use it:
/// <code>
/// var it = Gen.WaitIterator(a, b, c);
/// while (!it.Done()) { var r = await it.Next(); Console.WriteLine($"#{it.CurrentIndex}: {r}"); }
/// await foreach (var r in Gen.WaitIterator(a, b, c)) { ... }
/// </code>
/// A failed future's exception is thrown by the <c>await</c> of the step that reaches it; the iteration can go on
/// after it is caught. Loop thread only.
/// </summary>
public sealed class WaitIterator<T> : IAsyncEnumerable<T>
{
    private readonly Future<T>[] _futures;
    private readonly Queue<int> _finished = new();
    private Future<T>? _running;
    private int _handedOut;

    /// <summary>Waits on <paramref name="futures"/>; <see cref="CurrentIndex"/> refers to positions in it.</summary>
    public WaitIterator(IEnumerable<Future<T>> futures)
    {
        ArgumentNullException.ThrowIfNull(futures);
        _futures = futures.ToArray();
        for (int i = 0; i < _futures.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(_futures[i], nameof(futures));
            InlineWaiter.Attach(_futures[i], static (_, s) =>
            {
                var (it, index) = ((WaitIterator<T>, int))s!;
                it.OnDone(index);
            }, (this, i));
        }
    }

    /// <summary>Position (in the input) of the future whose result the last <see cref="Next"/> gave; -1 before the first.</summary>
    public int CurrentIndex { get; private set; } = -1;

    /// <summary>The future whose result the last <see cref="Next"/> gave.</summary>
    public Future<T>? CurrentFuture => CurrentIndex < 0 ? null : _futures[CurrentIndex];

    /// <summary>True when every future has been handed out by <see cref="Next"/>.</summary>
    public bool Done() => _handedOut == _futures.Length;

    /// <summary>
    /// A future completing like the next input future to finish. Throws if the previous one is still pending
    /// or everything was handed out.
    /// </summary>
    public Future<T> Next()
    {
        if (Done()) throw new InvalidOperationException("The WaitIterator is done: every future was handed out.");
        if (_running is { IsDone: false }) throw new InvalidOperationException("Await the previous Next() before calling it again.");
        _handedOut++;
        var next = new Future<T>();
        _running = next;
        if (_finished.Count > 0) Deliver(_finished.Dequeue());
        return next;
    }

    private void OnDone(int index)
    {
        if (_running is { IsDone: false }) Deliver(index);
        else _finished.Enqueue(index);
    }

    private void Deliver(int index)
    {
        CurrentIndex = index;
        var source = _futures[index];
        if (source.Exception is { } e) _running!.TrySetException(e);
        else _running!.TrySetResult(source.Result);
    }

    /// <summary>The <c>await foreach</c> enumerator: results in completion order.</summary>
    public Enumerator GetAsyncEnumerator() => new(this);

    IAsyncEnumerator<T> IAsyncEnumerable<T>.GetAsyncEnumerator(CancellationToken cancellationToken) =>
        new AsyncEnumeratorAdapter<T>(GetAsyncEnumerator());

    /// <summary>Steps a <see cref="WaitIterator{T}"/> for <c>await foreach</c>.</summary>
    public sealed class Enumerator : IFutureAsyncEnumerator<T>
    {
        private readonly WaitIterator<T> _iterator;

        internal Enumerator(WaitIterator<T> iterator) => _iterator = iterator;

        /// <inheritdoc />
        public T Current { get; private set; } = default!;

        /// <inheritdoc />
        public Future<bool> MoveNextAsync()
        {
            if (_iterator.Done()) return BoolFutures.False;
            var next = _iterator.Next();
            if (next.IsDone)
            {
                Current = next.Result; // throws the child's failure, as the await would
                return BoolFutures.True;
            }
            var moved = new Future<bool>();
            InlineWaiter.Attach(next, static (f, s) =>
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
}
