using System.Collections;

namespace Squall;

/// <summary>
/// Steps an iterator coroutine: runs it to its next yield, waits for what it yielded, repeats (Tornado's
/// <c>gen.Runner</c>). The runner is itself the waiter on the pending future, so a wait allocates nothing beyond
/// what the iterator yields.
/// </summary>
internal sealed class YieldCoroutineRunner<T> : IFutureWaiter
{
    private readonly IEnumerator<object?> _iterator;
    private readonly IOLoop _loop = IOLoop.Current;
    private readonly Action _step;
    private Future? _waitingOn;

    public YieldCoroutineRunner(IEnumerator<object?> iterator)
    {
        _iterator = iterator;
        _step = Step;
    }

    public Future<T> Result { get; } = new();

    public IFutureWaiter? NextWaiter { get; set; }

    // The future we waited on is done: resume on the loop, never inside its SetResult.
    public void OnFutureDone(Future future) => _loop.AddCallback(_step);

    public void Step()
    {
        // A loop, not recursion: a long run of already-done futures must not grow the stack.
        while (true)
        {
            if (_waitingOn is { } previous)
            {
                _waitingOn = null;
                if (previous.Exception is { } failure)
                {
                    Finish(failure);
                    return;
                }
            }

            object? yielded;
            try
            {
                if (!_iterator.MoveNext())
                {
                    Finish(null);
                    Result.TrySetResult(default!);
                    return;
                }
                yielded = _iterator.Current;
            }
            catch (Exception e)
            {
                Finish(e);
                return;
            }

            if (yielded is GenReturn ret)
            {
                if (TryConvert(ret, out var value))
                {
                    Finish(null);
                    Result.TrySetResult(value);
                }
                else
                {
                    Finish(new BadYieldException(
                        $"The coroutine returned {ret.BoxedValue?.GetType().Name ?? "null"} but its future is a Future<{typeof(T).Name}>."));
                }
                return;
            }

            Future wait;
            try
            {
                wait = ToFuture(yielded);
            }
            catch (Exception e)
            {
                Finish(e);
                return;
            }

            _waitingOn = wait;
            if (!wait.IsDone)
            {
                wait.AddWaiter(this);
                return;
            }
        }
    }

    private Future ToFuture(object? yielded)
    {
        switch (yielded)
        {
            case null:
            case Gen.MomentAwaitable:
                // Tornado: `yield None` and `yield gen.moment` give up one loop iteration.
                var moment = new Future();
                _loop.AddCallback(() => moment.TrySetResult());
                return moment;
            case Future future:
                return future;
            case IDictionary dictionary:
                var values = new List<Future>(dictionary.Count);
                foreach (var v in dictionary.Values)
                {
                    values.Add(v as Future ?? throw new BadYieldException($"A yielded dictionary holds a {v?.GetType().Name ?? "null"}, not a Future."));
                }
                return Gen.Multi(values);
            case IEnumerable<Future> futures:
                return Gen.Multi(futures);
            default:
                throw new BadYieldException(
                    $"A yield-style coroutine yielded a {yielded.GetType().Name}; yield a Future, a list or dictionary of futures, Gen.Moment, null, or Gen.Return(value).");
        }
    }

    private static bool TryConvert(GenReturn ret, out T value)
    {
        if (ret is GenReturn<T> typed)
        {
            value = typed.Value;
            return true;
        }
        if (ret.BoxedValue is T boxed)
        {
            value = boxed;
            return true;
        }
        if (ret.BoxedValue is null && default(T) is null)
        {
            value = default!;
            return true;
        }
        value = default!;
        return false;
    }

    private void Finish(Exception? failure)
    {
        try
        {
            _iterator.Dispose(); // runs the iterator's pending finally blocks
        }
        catch (Exception e)
        {
            failure ??= e;
        }
        if (failure is not null) Result.TrySetException(failure);
    }
}
