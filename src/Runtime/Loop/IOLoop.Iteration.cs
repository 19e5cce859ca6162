using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Squall.Loop;
using Squall.Loop.Interop;

namespace Squall;

public sealed partial class IOLoop
{
    // Upper bound on one poller wait, so a loop with nothing to do still re-checks its state now and then.
    private const int MaxWaitMs = 3_600_000;

    // While callbacks keep the loop busy, the zero-timeout poll for I/O is a syscall per iteration that costs more
    // than the callbacks themselves (measured: ~240 ns per Gen.Moment await with it, vs ~50 ns for Task.Yield).
    // So a busy loop polls every BusyPollInterval iterations or every BusyPollTicks, whichever comes first:
    // I/O still gets its turn within microseconds, and a self-requeueing callback still cannot starve it.
    private const int BusyPollInterval = 16;
    private static readonly long BusyPollTicks = Stopwatch.Frequency / 20_000; // 50 µs
    private int _busyIterations;
    private long _lastPoll;

    // The clock as of this iteration's start or its last poll: per-request bookkeeping (deadlines, the Date header,
    // a request's start time) reads it instead of the clock. A pipelined batch answers hundreds of requests per
    // iteration, and four clock reads per request were ~5 % of a /plaintext request's CPU (issue 16 profile).
    private long _now;

    /// <summary>True when a test gave the loop its own clock (<see cref="IOLoopOptions.Clock"/>).</summary>
    internal bool HasOwnClock => _clock is not null;

    /// <summary>
    /// <see cref="Timestamp"/> as of the start of the current loop iteration (or its poll, whichever came last): stale
    /// by at most the time the iteration has run so far. Exact clock when the loop is not running on this thread.
    /// For seconds-scale bookkeeping on the loop thread; use <see cref="Timestamp"/> to measure. A loop on a test's own
    /// clock reads that clock every time (a test that moves it expects the move to count at once).
    /// </summary>
    internal long IterationTimestamp => _clock is null && _running && _now != 0 && IsOnLoopThread ? _now : Now();

    /// <summary>
    /// Called on the loop thread just before each wait for I/O with that wait's timeout in ms (0: a poll that does not
    /// sleep); the wait then uses the timeout it returns. A test hook: tests that need the loop asleep wait for it
    /// instead of sleeping and hoping, and tests on a manual clock jump the clock to the next timer instead of sleeping.
    /// </summary>
    internal Func<int, int>? BeforeWait { get; set; }

    private long _iterationStart;
    private (long CpuMicroseconds, long Preemptions) _iterationUsage;
    private long _slowestTicks;
    private Delegate? _slowest;
    private string? _slowSection;

    /// <summary>A timestamp to pass to <see cref="NoteSlowSection"/>, or 0 when slow callbacks are not being detected.</summary>
    internal long SlowSectionStart() => _slowTicks != 0 ? Stopwatch.GetTimestamp() : 0;

    /// <summary>
    /// Names the work started at <paramref name="start"/> (from <see cref="SlowSectionStart"/>) if it alone took longer
    /// than the slow-callback threshold: the warning then says what the loop was doing (e.g. which request's handler),
    /// which the delegate's name (a stream's readiness handler) cannot. <paramref name="describe"/> runs only then.
    /// </summary>
    internal void NoteSlowSection<T>(long start, T state, Func<T, string> describe)
    {
        if (start == 0 || Stopwatch.GetTimestamp() - start <= _slowTicks) return;
        _slowSection = describe(state);
    }

    /// <summary>One turn: the callbacks queued before it, the timers due, then one wait for I/O.</summary>
    private void RunOnce()
    {
        _now = Now();
        if (_slowTicks != 0)
        {
            _iterationStart = Stopwatch.GetTimestamp();
            _iterationUsage = ThreadUsage.Now();
            _slowestTicks = 0;
        }

        var batch = _callbacks.TakeBatch(out int count);
        for (int i = 0; i < count; i++) RunCallback(batch[i]);
        _callbacks.ClearBatch(count);

        if (_timers.Count > 0)
        {
            long now = Now();
            // Only timers due at the start of this pass run in it; timers they schedule wait for the next pass.
            int dueBudget = _timers.Count;
            while (dueBudget-- > 0 && _timers.TryPopDue(now, out var timer))
            {
                RunTimer(timer);
            }
        }

        int timeoutMs;
        if (_stopRequested || _callbacks.LocalCount > 0 || _callbacks.HasRemote)
        {
            if (!_stopRequested && ++_busyIterations < BusyPollInterval && Stopwatch.GetTimestamp() - _lastPoll < BusyPollTicks)
            {
                ReportSlowIteration();
                return;
            }
            timeoutMs = 0;
        }
        else if (_timers.PeekDeadline() is { } deadline)
        {
            long wait = deadline - Now();
            timeoutMs = wait <= 0 ? 0 : (int)Math.Min(MaxWaitMs, (wait * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
        }
        else
        {
            timeoutMs = MaxWaitMs;
        }

        ReportSlowIteration();

        if (BeforeWait is { } beforeWait) timeoutMs = beforeWait(timeoutMs);
        int n = _poller.Wait(_events, timeoutMs);
        _busyIterations = 0;
        _lastPoll = _iterationStart = Stopwatch.GetTimestamp();
        _now = _clock is null ? _lastPoll : Now(); // a test's own clock (IOLoopOptions.Clock) stays the loop's clock
        if (_slowTicks != 0) _iterationUsage = ThreadUsage.Now();
        _slowestTicks = 0;
        // Events are collected first, then dispatched, and each handler is looked up at dispatch time: a handler
        // removed by an earlier one in this batch is skipped, so a reused fd never reaches a closed owner.
        for (int i = 0; i < n; i++)
        {
            var ev = _events[i];
            if (ev.Fd == _waker.ReadFd)
            {
                _waker.Drain();
                continue;
            }
            if (_handlers.TryGetValue(ev.Fd, out var entry)) RunHandler(entry, ev);
        }
        ReportSlowIteration();
    }

    /// <summary>
    /// Runs <paramref name="callback"/> now, on the loop thread, as the loop runs a queued callback (an exception is
    /// logged, a slow one is named). For a continuation whose cause was just handled in the same place — a stream's
    /// readiness report that completed a wait: queueing it would only hold the connection's buffer and state until the
    /// next turn while the rest of the batch evicts them from the cache (issue 16, goal 5).
    /// </summary>
    internal void RunNow(Action callback)
    {
        long start = _slowTicks != 0 ? Stopwatch.GetTimestamp() : 0;
        try
        {
            callback();
        }
        catch (Exception e)
        {
            LogFailure(e, "Exception in callback {Callback}", DescribeCallback(callback));
        }
        if (_slowTicks != 0) NoteDuration(start, callback);
    }

    private void RunCallback(in CallbackItem item)
    {
        long start = _slowTicks != 0 ? Stopwatch.GetTimestamp() : 0;
        try
        {
            item.Invoke();
        }
        catch (Exception e)
        {
            LogFailure(e, "Exception in callback {Callback}", DescribeCallback(item.Callback));
        }
        if (_slowTicks != 0) NoteDuration(start, item.Callback);
    }

    private void RunTimer(TimeoutHandle timer)
    {
        var callback = timer.Callback;
        timer.Cancel(); // fired: a later RemoveTimeout is a no-op
        if (callback is null) return;
        long start = _slowTicks != 0 ? Stopwatch.GetTimestamp() : 0;
        try
        {
            callback();
        }
        catch (Exception e)
        {
            LogFailure(e, "Exception in timer callback {Callback}", DescribeCallback(callback));
        }
        if (_slowTicks != 0) NoteDuration(start, callback);
    }

    private void RunHandler(HandlerEntry entry, PollEvent ev)
    {
        long start = _slowTicks != 0 ? Stopwatch.GetTimestamp() : 0;
        try
        {
            entry.Handler(ev.Fd, ev.Events);
        }
        catch (Exception e)
        {
            LogFailure(e, "Exception in handler for fd {Fd}", ev.Fd);
        }
        if (_slowTicks != 0) NoteDuration(start, entry.Handler);
    }

    /// <summary>
    /// Logs what a callback, timer or fd handler threw. The logger itself may fail (stderr opened lazily while the
    /// process is out of descriptors, a closed pipe, a user logger's bug): that must not escape the loop and kill
    /// the process, so its exception is dropped here, the one place that has nowhere left to report it.
    /// </summary>
    private void LogFailure(Exception error, string message, object? argument)
    {
        try
        {
            Logger.LogError(error, message, argument);
        }
        catch (Exception)
        {
        }
    }

    private void NoteDuration(long start, Delegate callback)
    {
        long took = Stopwatch.GetTimestamp() - start;
        if (took > _slowestTicks)
        {
            _slowestTicks = took;
            _slowest = callback; // named only if the iteration turns out slow: naming allocates
        }
    }

    private void ReportSlowIteration()
    {
        if (_slowTicks == 0) return;
        long took = Stopwatch.GetTimestamp() - _iterationStart;
        if (took > _slowTicks)
        {
            try
            {
                // The thread's own CPU time and preemptions tell a callback that worked from a loop that waited for a
                // core (an overloaded machine) or sat in a blocking call.
                var usage = ThreadUsage.Now();
                Logger.LogWarning(
                    "Blocked the IOLoop for {Total:F1} ms ({Cpu:F1} ms on the CPU, preempted {Preemptions} times); slowest callback {Callback} took {Slowest:F1} ms{Section}. Move blocking work to RunInExecutor.",
                    took * 1000.0 / Stopwatch.Frequency, (usage.CpuMicroseconds - _iterationUsage.CpuMicroseconds) / 1000.0,
                    usage.Preemptions - _iterationUsage.Preemptions,
                    _slowest is null ? "?" : DescribeCallback(_slowest), _slowestTicks * 1000.0 / Stopwatch.Frequency,
                    _slowSection is null ? "" : " (handling " + _slowSection + ")");
            }
            catch (Exception)
            {
                // See LogFailure: a failing logger must not stop the loop.
            }
        }
        _iterationStart = Stopwatch.GetTimestamp();
        _iterationUsage = ThreadUsage.Now();
        _slowestTicks = 0;
        _slowest = null;
        _slowSection = null;
    }

    // Only called for logging: names the method behind a delegate (no invocation through reflection).
    private static string DescribeCallback(Delegate callback)
    {
        var method = callback.Method;
        return method.DeclaringType is { } type ? $"{type.Name}.{method.Name}" : method.Name;
    }
}
