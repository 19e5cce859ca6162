namespace Squall;

public sealed partial class IOLoop
{
    /// <summary>
    /// Runs blocking <paramref name="work"/> on the thread pool; the returned future completes on this loop's
    /// thread (Tornado's <c>run_in_executor</c>). The escape hatch for code that would block the loop.
    /// </summary>
    public Future<T> RunInExecutor<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var future = new Future<T>();
        ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            try
            {
                T result = work();
                AddCallback(() => future.TrySetResult(result));
            }
            catch (Exception e)
            {
                AddCallback(() => future.TrySetException(e));
            }
        }, null);
        return future;
    }

    /// <summary>Runs blocking <paramref name="work"/> on the thread pool; the future completes on this loop's thread.</summary>
    public Future RunInExecutor(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunInExecutor(() =>
        {
            work();
            return true;
        });
    }

    /// <summary>
    /// Starts the loop, runs <paramref name="coroutine"/> to completion and stops (Tornado's <c>run_sync</c>).
    /// Throws <see cref="TimeoutException"/> when <paramref name="timeout"/> passes first.
    /// </summary>
    public T RunSync<T>(Func<Future<T>> coroutine, TimeSpan? timeout = null)
    {
        var future = RunUntilDone(coroutine, timeout);
        return ((Future<T>)future).Result;
    }

    /// <summary>Starts the loop, runs <paramref name="coroutine"/> to completion and stops.</summary>
    public void RunSync(Func<Future> coroutine, TimeSpan? timeout = null)
    {
        RunUntilDone(coroutine, timeout).ThrowIfFailed();
    }

    private Future RunUntilDone(Func<Future> coroutine, TimeSpan? timeout)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        Future? future = null;
        bool timedOut = false;
        AddCallback(() =>
        {
            try
            {
                future = coroutine();
            }
            catch (Exception e)
            {
                future = Future.FromException(e);
            }
            future.AddDoneCallback(_ => Stop());
            if (timeout is { } t)
            {
                var timer = CallLater(t, () =>
                {
                    timedOut = true;
                    Stop();
                });
                future.AddDoneCallback(_ => RemoveTimeout(timer));
            }
        });
        Start();
        if (future is null || !future.IsDone)
        {
            if (timedOut) throw new TimeoutException($"Operation timed out after {timeout}");
            throw new InvalidOperationException("The IOLoop stopped before the coroutine finished.");
        }
        return future;
    }
}
