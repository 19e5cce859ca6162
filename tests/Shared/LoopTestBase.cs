namespace Squall.TestSupport;

/// <summary>
/// Every loop test runs once per poller backend: the concrete classes at the bottom of each test file pick it.
/// Each test gets a fresh loop and runs its body with <see cref="IOLoop.RunSync{T}"/> under a timeout.
/// </summary>
public abstract class LoopTestBase : IDisposable
{
    // A hang guard for a whole test, generous for a machine under heavy load (it bounds a hang, not the speed).
    protected static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    /// <param name="poller">The backend under test.</param>
    /// <param name="slowCallbackThreshold">The loop's slow-callback threshold.</param>
    /// <param name="clock">A clock the test moves itself, or null for the monotonic clock.</param>
    /// <param name="jumpToTimers">
    /// With <paramref name="clock"/>: whenever the loop would sleep until its next timer, the clock jumps there instead
    /// (virtual time). Timers then fire strictly in deadline order, at once, whatever the machine's load; for tests
    /// whose subject is the order of timed events, not I/O.
    /// </param>
    protected LoopTestBase(PollerKind poller, TimeSpan? slowCallbackThreshold = null, ManualClock? clock = null, bool jumpToTimers = false)
    {
        Log = new ListLogger();
        Clock = clock;
        Loop = new IOLoop(new IOLoopOptions
        {
            Poller = poller, Logger = Log, SlowCallbackThreshold = slowCallbackThreshold,
            Clock = clock is null ? null : () => clock.Now,
        });
        if (clock is not null && jumpToTimers) clock.JumpToTimersOf(Loop);
    }

    protected IOLoop Loop { get; }

    protected ListLogger Log { get; }

    /// <summary>The loop's clock when the test drives time itself, else null (the monotonic clock).</summary>
    protected ManualClock? Clock { get; }

    protected void Run(Func<Future> body)
    {
        if (Clock is null)
        {
            Loop.RunSync(body, TestTimeout);
            return;
        }
        using var guard = RealTimeGuard();
        Loop.RunSync(body);
    }

    protected T Run<T>(Func<Future<T>> body)
    {
        if (Clock is null) return Loop.RunSync(body, TestTimeout);
        using var guard = RealTimeGuard();
        return Loop.RunSync(body);
    }

    /// <summary>
    /// Calls <paramref name="body"/> on the loop's thread, in one loop turn, and returns what it returned: for code that
    /// asks <see cref="IOLoop.Current"/> but completes at once. Not on the test's own thread: xUnit may run the test
    /// method on a thread-pool thread other than the one that ran the constructor (which made the loop current there),
    /// and a pool thread has no current loop (seen under load: "IOLoop.Current was asked for on a thread-pool thread").
    /// </summary>
    protected T OnLoopThread<T>(Func<T> body) => Run(() => Future.FromResult(body()));

    // A loop on a manual clock would never fire RunSync's own timeout timer: the hang guard runs on real time, off the
    // loop, and stops it (RunSync then throws "stopped before the coroutine finished").
    private Timer RealTimeGuard() => new(_ => Loop.Stop(), null, TestTimeout, Timeout.InfiniteTimeSpan);

    protected virtual void OnDispose() { }

    public void Dispose()
    {
        OnDispose();
        Loop.Dispose();
        GC.SuppressFinalize(this);
    }
}
