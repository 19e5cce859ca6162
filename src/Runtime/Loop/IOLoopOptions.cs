using Microsoft.Extensions.Logging;

namespace Squall;

/// <summary>Settings of one <see cref="IOLoop"/>.</summary>
public sealed class IOLoopOptions
{
    /// <summary>The readiness backend; epoll on Linux by default.</summary>
    public PollerKind Poller { get; init; } = PollerKind.Default;

    /// <summary>
    /// When set, a loop iteration whose callbacks, timers and fd handlers together take longer than this logs
    /// a warning naming the slowest one (Tornado's <c>set_blocking_log_threshold</c>, asyncio's
    /// <c>slow_callback_duration</c>). Off by default; on (100 ms) in debug builds of Squall.
    /// </summary>
    public TimeSpan? SlowCallbackThreshold { get; init; } = DefaultSlowCallbackThreshold;

    /// <summary>Where the loop logs callback exceptions and slow iterations; <see cref="SquallLogging.Default"/> when null.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// The loop's "now" in <see cref="System.Diagnostics.Stopwatch"/> ticks for its timers, <see cref="IOLoop.Time"/> and
    /// <see cref="PeriodicCallback"/>; the monotonic clock when null. A seam for tests, which move a manual clock so
    /// that timer order and schedules are asserted exactly, whatever the machine's load.
    /// </summary>
    internal Func<long>? Clock { get; init; }

    internal static TimeSpan? DefaultSlowCallbackThreshold =>
#if DEBUG
        TimeSpan.FromMilliseconds(100);
#else
        null;
#endif
}
