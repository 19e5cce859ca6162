using System.Diagnostics;

namespace Squall.TestSupport;

/// <summary>
/// A loop clock that moves only when the test moves it (<see cref="IOLoopOptions.Clock"/>): timers fire at the
/// instants the test chooses and in deadline order, however slowly the machine runs the test between two steps.
/// </summary>
public sealed class ManualClock
{
    // Far from zero so that "now minus a period" stays positive, like the real monotonic clock.
    private long _now = Stopwatch.Frequency * 1_000;

    /// <summary>Now, in <see cref="Stopwatch"/> ticks.</summary>
    public long Now => Interlocked.Read(ref _now);

    /// <summary>Moves now forward by <paramref name="by"/>.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _now, Ticks(by));

    /// <summary>Moves now forward by <paramref name="ticks"/> <see cref="Stopwatch"/> ticks.</summary>
    public void Advance(long ticks) => Interlocked.Add(ref _now, ticks);

    /// <summary>
    /// Virtual time for <paramref name="loop"/> (which must read this clock): whenever the loop would sleep until its
    /// next timer, this clock jumps there instead. Timers then fire strictly in deadline order and at once, whatever the
    /// machine's load. A wait with no timer pending (for I/O or another thread) still really waits.
    /// </summary>
    public void JumpToTimersOf(IOLoop loop)
    {
        loop.BeforeWait = timeoutMs =>
        {
            if (timeoutMs <= 0 || timeoutMs >= NoTimerWaitMs) return timeoutMs;
            Advance(TimeSpan.FromMilliseconds(timeoutMs));
            return 0;
        };
    }

    // IOLoop's wait when no timer is pending.
    private const int NoTimerWaitMs = 3_600_000;

    /// <summary><paramref name="span"/> in <see cref="Stopwatch"/> ticks, as the loop converts delays.</summary>
    public static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
