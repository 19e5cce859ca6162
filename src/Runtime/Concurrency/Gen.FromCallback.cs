using Microsoft.Extensions.Logging;

namespace Squall;

public static partial class Gen
{
    /// <summary>
    /// Wraps a callback-style API as a future (Tornado's <c>gen.Task</c>): <paramref name="start"/> is called at once
    /// with a callback; the future completes with the value passed to it. The callback may be invoked from any
    /// thread (the completion is delivered on this loop); a second invocation is logged and ignored. An exception
    /// thrown by <paramref name="start"/> fails the future.
    /// </summary>
    public static Future<T> FromCallback<T>(Action<Action<T>> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var future = new Future<T>();
        var loop = IOLoop.Current;
        int called = 0;
        try
        {
            start(value =>
            {
                if (Interlocked.Exchange(ref called, 1) != 0)
                {
                    loop.Logger.LogWarning("A callback wrapped by Gen.FromCallback was called more than once; the extra call is ignored");
                    return;
                }
                if (loop.IsOnLoopThread) future.TrySetResult(value);
                else loop.AddCallback(() => future.TrySetResult(value));
            });
        }
        catch (Exception e)
        {
            future.TrySetException(e);
        }
        return future;
    }

    /// <summary>Wraps a callback-style API whose callback takes no value; see <see cref="FromCallback{T}(Action{Action{T}})"/>.</summary>
    public static Future FromCallback(Action<Action> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return FromCallback<bool>(done => start(() => done(true)));
    }
}
