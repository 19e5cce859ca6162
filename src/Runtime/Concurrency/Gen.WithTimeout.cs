namespace Squall;

public static partial class Gen
{
    /// <summary>
    /// Completes like <paramref name="future"/>, or throws <see cref="TimeoutException"/> when <paramref name="timeout"/>
    /// passes first (Tornado's <c>gen.with_timeout</c>). The inner future is not cancelled.
    /// </summary>
    public static Future<T> WithTimeout<T>(TimeSpan timeout, Future<T> future)
    {
        ArgumentNullException.ThrowIfNull(future);
        if (future.IsDone) return future;
        var result = new Future<T>();
        var loop = IOLoop.Current;
        var timer = loop.CallLater(timeout, () => result.TrySetException(new TimeoutException($"Timed out after {timeout}.")));
        future.AddDoneCallback(f =>
        {
            loop.RemoveTimeout(timer);
            if (f.Exception is { } e) result.TrySetException(e);
            else result.TrySetResult(((Future<T>)f).Result);
        });
        return result;
    }

    /// <summary>Completes like <paramref name="future"/>, or throws <see cref="TimeoutException"/> when <paramref name="timeout"/> passes first.</summary>
    public static Future WithTimeout(TimeSpan timeout, Future future)
    {
        ArgumentNullException.ThrowIfNull(future);
        if (future.IsDone) return future;
        var result = new Future();
        var loop = IOLoop.Current;
        var timer = loop.CallLater(timeout, () => result.TrySetException(new TimeoutException($"Timed out after {timeout}.")));
        future.AddDoneCallback(f =>
        {
            loop.RemoveTimeout(timer);
            if (f.Exception is { } e) result.TrySetException(e);
            else result.TrySetResult();
        });
        return result;
    }
}
