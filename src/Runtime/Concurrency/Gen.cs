using System.Runtime.CompilerServices;

namespace Squall;

/// <summary>The coroutine toolkit (Tornado's <c>tornado.gen</c>).</summary>
public static partial class Gen
{
    /// <summary>A future that completes after <paramref name="delay"/> on the current loop (Tornado's <c>gen.sleep</c>).</summary>
    public static Future Sleep(TimeSpan delay)
    {
        var future = new Future();
        IOLoop.Current.CallLater(delay, () => future.TrySetResult());
        return future;
    }

    /// <summary>
    /// <c>await Gen.Moment</c> gives up the loop for one iteration and resumes on the next, after I/O had its turn
    /// (Tornado's <c>gen.moment</c>). Allocates nothing per await.
    /// </summary>
    public static MomentAwaitable Moment => default;

    /// <summary>The awaitable behind <see cref="Moment"/>.</summary>
    public readonly struct MomentAwaitable
    {
        /// <summary>Gets the awaiter.</summary>
        public MomentAwaiter GetAwaiter() => default;
    }

    /// <summary>Always suspends; resumes on the current loop's next iteration.</summary>
    public readonly struct MomentAwaiter : ICriticalNotifyCompletion
    {
        /// <summary>Always false: a moment always yields.</summary>
        public bool IsCompleted => false;

        /// <summary>Nothing to return.</summary>
        public void GetResult() { }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => IOLoop.Current.AddCallback(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => IOLoop.Current.AddCallback(continuation);
    }
}
