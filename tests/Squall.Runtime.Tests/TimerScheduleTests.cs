namespace Squall.Tests;

/// <summary>
/// Timers, <see cref="PeriodicCallback"/> and <see cref="IOLoop.Time"/> on a loop whose clock the test moves: each
/// assertion is about when a timer is due and in which order timers run, exactly, however slowly the machine runs
/// the test between two steps (the same tests on the real clock compared sleeps with milliseconds of margin).
/// </summary>
public abstract class TimerScheduleTests(PollerKind poller) : LoopTestBase(poller, clock: new ManualClock())
{
    private static long Ms(int ms) => ManualClock.Ticks(TimeSpan.FromMilliseconds(ms));

    /// <summary>
    /// Moves the clock to <paramref name="instant"/> and completes once every timer due by then has run: the probe is
    /// a timer due at that instant, and timers run by deadline, then in the order they were made.
    /// </summary>
    private Future AdvanceTo(long instant)
    {
        long by = instant - Clock!.Now;
        if (by > 0) Clock.Advance(by);
        var probe = new Future();
        Loop.CallAt(Clock.Now, () => probe.SetResult());
        return probe;
    }

    [Fact]
    public void Timers_fire_in_deadline_order_and_removed_ones_do_not_fire()
    {
        var fired = new List<int>();
        var steps = new List<string>();
        Run(async () =>
        {
            long t0 = Clock!.Now;
            Loop.CallLater(TimeSpan.FromMilliseconds(30), () => fired.Add(30));
            Loop.CallLater(TimeSpan.FromMilliseconds(10), () => fired.Add(10));
            var removed = Loop.CallLater(TimeSpan.FromMilliseconds(20), () => fired.Add(20));
            Loop.CallLater(TimeSpan.FromMilliseconds(10), () => fired.Add(11));
            Loop.RemoveTimeout(removed);
            Assert.True(removed.IsCancelled);
            foreach (long at in new[] { Ms(10) - 1, Ms(10), Ms(30) - 1, Ms(30), Ms(60) })
            {
                await AdvanceTo(t0 + at);
                steps.Add(string.Join(",", fired));
            }
        });
        Assert.Equal(new[] { "", "10,11", "10,11", "10,11,30", "10,11,30" }, steps);
    }

    [Fact]
    public void Many_cancelled_timers_are_compacted_and_live_ones_still_fire()
    {
        int fired = 0;
        Run(async () =>
        {
            var handles = new List<TimeoutHandle>();
            for (int i = 0; i < 5_000; i++) handles.Add(Loop.CallLater(TimeSpan.FromMilliseconds(10 + i % 7), () => fired++));
            for (int i = 0; i < handles.Count; i++)
            {
                if (i % 10 != 0) Loop.RemoveTimeout(handles[i]);
            }
            await AdvanceTo(Clock!.Now + Ms(16));
        });
        Assert.Equal(500, fired);
    }

    [Fact]
    public void CallAt_fires_exactly_at_its_deadline_on_the_loop_clock()
    {
        var seen = new List<string>();
        Run(async () =>
        {
            long deadline = Clock!.Now + Ms(20);
            Loop.CallAt(deadline, () => seen.Add($"fired at {Clock.Now - deadline}"));
            await AdvanceTo(deadline - 1);
            seen.Add("one tick before");
            await AdvanceTo(deadline);
        });
        Assert.Equal(new[] { "one tick before", "fired at 0" }, seen);
    }

    [Fact]
    public void Gen_Sleep_and_WithTimeout_follow_the_loop_clock()
    {
        var seen = new List<string>();
        Run(async () =>
        {
            long t0 = Clock!.Now;
            var slept = Gen.Sleep(TimeSpan.FromMilliseconds(50));
            var never = new Future<int>();
            var guarded = Gen.WithTimeout(TimeSpan.FromMilliseconds(30), never);
            await AdvanceTo(t0 + Ms(29));
            seen.Add($"29 ms: slept={slept.IsDone} guarded={guarded.IsDone}");
            await AdvanceTo(t0 + Ms(30));
            seen.Add($"30 ms: slept={slept.IsDone} guarded={guarded.Exception?.GetType().Name}");
            await AdvanceTo(t0 + Ms(50));
            seen.Add($"50 ms: slept={slept.IsDone}");
        });
        Assert.Equal(new[]
        {
            "29 ms: slept=False guarded=False",
            "30 ms: slept=False guarded=TimeoutException",
            "50 ms: slept=True",
        }, seen);
    }

    [Fact]
    public void PeriodicCallback_skips_missed_runs_instead_of_bursting()
    {
        // Period 25 ms. The first run (due at 25) overruns by 120 ms, to 145: the runs due at 50..125 are missed and
        // skipped, and the next is due at 150, the first period boundary after the overrun ended. A later late wake-up
        // (the clock jumps from 175 to 200, past the run due at 175) also skips rather than bursts.
        long period = Ms(25);
        var runs = new List<long>();
        var nextDeadlines = new List<long>();
        var counts = new List<int>();
        long t0 = 0;
        Run(async () =>
        {
            t0 = Clock!.Now;
            PeriodicCallback? pc = null;
            pc = new PeriodicCallback(() =>
            {
                runs.Add(Clock.Now - t0);
                if (runs.Count == 1) Clock.Advance(TimeSpan.FromMilliseconds(120)); // the run itself takes 120 ms
            }, TimeSpan.FromMilliseconds(25));
            pc.Start();
            Assert.Equal(t0 + period, pc.NextDeadline);
            foreach (long at in new[] { Ms(25), Ms(150) - 1, Ms(150), Ms(200) })
            {
                await AdvanceTo(t0 + at);
                counts.Add(runs.Count);
                nextDeadlines.Add(pc.NextDeadline - t0);
            }
            pc.Stop();
            await AdvanceTo(t0 + Ms(400));
            counts.Add(runs.Count);
        });
        Assert.Equal(new[] { Ms(25), Ms(150), Ms(200) }, runs);
        Assert.Equal(new[] { 1, 1, 2, 3, 3 }, counts);
        Assert.Equal(new[] { Ms(150), Ms(150), Ms(175), Ms(225) }, nextDeadlines);
    }

    [Fact]
    public void Time_is_the_loop_clock_in_seconds()
    {
        var (before, after) = Run(async () =>
        {
            double t1 = Loop.Time();
            Clock!.Advance(TimeSpan.FromMilliseconds(20));
            await Gen.Moment;
            return (t1, Loop.Time());
        });
        Assert.Equal(Clock!.Now / (double)System.Diagnostics.Stopwatch.Frequency, after);
        Assert.Equal(0.020, after - before, 9);
    }
}

public sealed class EpollTimerScheduleTests() : TimerScheduleTests(PollerKind.Epoll);

public sealed class PollTimerScheduleTests() : TimerScheduleTests(PollerKind.Poll);
