using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Squall.Loop;

namespace Squall;

/// <summary>
/// A single-threaded, non-blocking event loop: callbacks, timers on the monotonic clock and fd readiness
/// (Tornado's <c>IOLoop</c>). Only <see cref="AddCallback(Action)"/> and <see cref="Stop"/> may be called
/// from another thread; every other member is for the loop's own thread.
/// </summary>
public sealed partial class IOLoop : IDisposable
{
    [ThreadStatic] private static IOLoop? t_current;

    private readonly IPoller _poller;
    private readonly Waker _waker;
    private readonly CallbackQueue _callbacks = new();
    private readonly TimerHeap _timers = new();
    private readonly Dictionary<int, HandlerEntry> _handlers = new();
    private readonly PollEvent[] _events = new PollEvent[1024];
    private readonly long _slowTicks;
    private readonly Func<long>? _clock;
    private long _timerSequence;
    private int _threadId = -1;
    private volatile bool _running;
    private volatile bool _stopRequested;
    // Volatile: read by other threads (Current, CurrentOrNull and AddCallback of a thread whose current this loop was).
    private volatile bool _disposed;

    /// <summary>Creates a loop; it runs on the thread that calls <see cref="Start"/>.</summary>
    public IOLoop(IOLoopOptions? options = null)
    {
        // The loop is built on Linux interfaces (epoll, eventfd, accept4, pipe2 flags): say so here rather than fail
        // later with an EntryPointNotFoundException or a wrong flag value.
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("Squall's IOLoop runs on Linux only (epoll, eventfd, accept4).");
        options ??= new IOLoopOptions();
        Logger = options.Logger ?? SquallLogging.Default;
        PollerKind = options.Poller == PollerKind.Default ? PollerKind.Epoll : options.Poller;
        _poller = PollerKind == PollerKind.Epoll ? new EpollPoller() : new PollPoller();
        _waker = new Waker(preferEventFd: PollerKind == PollerKind.Epoll);
        _poller.Register(_waker.ReadFd, IOEvents.Read);
        _slowTicks = options.SlowCallbackThreshold is { } t ? (long)(t.TotalSeconds * Stopwatch.Frequency) : 0;
        _clock = options.Clock;
    }

    /// <summary>
    /// The loop of this thread: the one running on it, or one made for it on first use. A thread-pool thread never
    /// gets one made (nothing would ever run it, and its epoll fd and eventfd would live as long as the pooled thread):
    /// asking there throws <see cref="InvalidOperationException"/>; get onto a loop with <see cref="AddCallback(Action)"/>.
    /// A disposed loop is no thread's current loop, whichever thread disposed it (Tornado's <c>close</c> clears
    /// it as current): after <see cref="Dispose"/> this thread gets a new loop, as on first use.
    /// </summary>
    public static IOLoop Current => t_current is { _disposed: false } loop ? loop : CreateForThisThread();

    private static IOLoop CreateForThisThread()
    {
        // A loop disposed by another thread is still in this thread's slot: it is not current any more.
        t_current = null;
        if (Thread.CurrentThread.IsThreadPoolThread)
            throw new InvalidOperationException(
                "IOLoop.Current was asked for on a thread-pool thread, which has no IOLoop. Squall's loop-affine APIs "
                + "(futures, streams, clients, Gen) run on a loop's thread: queue the work there with IOLoop.AddCallback, "
                + "or make a loop for this code and run it (IOLoop.RunSync).");
        return t_current = new IOLoop();
    }

    /// <summary>This thread's loop if it has one (running or not, never a disposed one), or null; never makes one.</summary>
    internal static IOLoop? CurrentOrNull
    {
        get
        {
            var loop = t_current;
            if (loop is null || !loop._disposed) return loop;
            // Disposed on another thread (Dispose clears only the disposing thread's slot): forget it here too, so
            // that a coroutine or a done-callback started on this thread is not posted to a loop that will never run.
            t_current = null;
            return null;
        }
    }

    /// <summary>The loop running on this thread, or null (no loop is made).</summary>
    internal static IOLoop? RunningOnThisThread => t_current is { _running: true } loop && loop.IsOnLoopThread ? loop : null;

    /// <summary>Makes this loop <see cref="Current"/> for the calling thread; a disposed loop throws <see cref="ObjectDisposedException"/>.</summary>
    public void MakeCurrent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        t_current = this;
    }

    /// <summary>True once <see cref="Dispose"/> has run: the loop can no longer run, and is no thread's current loop.</summary>
    internal bool IsDisposed => _disposed;

    /// <summary>The fd other threads write to wake the loop (tests check that a disposed loop never writes to that number again).</summary>
    internal int WakeFd => _waker.ReadFd;

    /// <summary>Which readiness backend this loop uses.</summary>
    public PollerKind PollerKind { get; }

    /// <summary>Where the loop logs.</summary>
    public ILogger Logger { get; }

    /// <summary>True while <see cref="Start"/> runs.</summary>
    public bool IsRunning => _running;

    /// <summary>True when called on the thread running this loop.</summary>
    public bool IsOnLoopThread => Environment.CurrentManagedThreadId == _threadId;

    /// <summary>Seconds on the loop's monotonic clock (Tornado's <c>IOLoop.time()</c>).</summary>
    public double Time() => Now() / (double)Stopwatch.Frequency;

    /// <summary>
    /// The loop's now in <see cref="Stopwatch"/> ticks: what its timers are due against. <see cref="Timestamp"/> unless
    /// a test gave the loop its own clock (<see cref="IOLoopOptions.Clock"/>).
    /// </summary>
    internal long Now() => _clock is null ? Stopwatch.GetTimestamp() : _clock();

    /// <summary>The clock of <see cref="Time"/>, which is the same for every loop: for code that has no loop at hand.</summary>
    internal static double MonotonicSeconds() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    /// <summary>Monotonic now in <see cref="Stopwatch"/> ticks, the unit of <see cref="CallAt"/>.</summary>
    public static long Timestamp() => Stopwatch.GetTimestamp();

    /// <summary>
    /// Queues <paramref name="callback"/> to run on the loop's next iteration. The one thread-safe way onto the
    /// loop: from another thread it also wakes a sleeping loop.
    /// </summary>
    public void AddCallback(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Enqueue(new CallbackItem(callback));
    }

    /// <summary>Queues <paramref name="callback"/>(<paramref name="state"/>); thread-safe, allocation-free for static lambdas.</summary>
    public void AddCallback(SendOrPostCallback callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Enqueue(new CallbackItem(callback, state));
    }

    private void Enqueue(in CallbackItem item)
    {
        if (_disposed)
        {
            // A disposed loop never runs again: the callback is dropped, and said so. No exception: the usual caller
            // is another thread finishing work for a loop that was shut down meanwhile (an executor job, a Task
            // continuation), where a throw would take the process down. Tornado drops it the same way.
            ReportDropped(item.Callback);
            return;
        }
        if (Environment.CurrentManagedThreadId == _threadId)
        {
            _callbacks.EnqueueLocal(item);
        }
        else if (_callbacks.EnqueueRemote(item))
        {
            // The first remote item since the loop last drained: wake it (one syscall per iteration at most).
            _waker.Wake();
        }
    }

    /// <summary>
    /// Runs <paramref name="coroutine"/> on the loop's next iteration; an exception it throws or a future it fails
    /// is logged, not lost (Tornado's <c>spawn_callback</c>). Loop thread only.
    /// </summary>
    public void SpawnCallback(Func<Future> coroutine)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        AddCallback(() =>
        {
            var future = coroutine();
            future.AddDoneCallback(f =>
            {
                if (f.Exception is { } e && f.State != FutureState.Canceled)
                    Logger.LogError(e, "Exception in callback spawned with SpawnCallback");
            });
        });
    }

    /// <summary>Runs <paramref name="callback"/> after <paramref name="delay"/>. Loop thread only.</summary>
    public TimeoutHandle CallLater(TimeSpan delay, Action callback)
    {
        long ticks = delay <= TimeSpan.Zero ? 0 : (long)(delay.TotalSeconds * Stopwatch.Frequency);
        return CallAt(Now() + ticks, callback);
    }

    /// <summary>
    /// Runs <paramref name="callback"/> at <paramref name="deadline"/> (<see cref="Timestamp"/> units; the loop's own clock
    /// when it has one). Loop thread only; a disposed loop throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    public TimeoutHandle CallAt(long deadline, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ObjectDisposedException.ThrowIf(_disposed, this);
        AssertLoopThread();
        var handle = new TimeoutHandle(deadline, _timerSequence++, callback);
        _timers.Push(handle);
        return handle;
    }

    /// <summary>Cancels a pending timer; removing a fired or removed timer does nothing. Loop thread only.</summary>
    public void RemoveTimeout(TimeoutHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        AssertLoopThread();
        _timers.Cancel(handle);
    }

    /// <summary>Asks the loop to stop after the current iteration. Thread-safe.</summary>
    public void Stop()
    {
        _stopRequested = true;
        if (!IsOnLoopThread) _waker.Wake();
    }

    /// <summary>Runs the loop on the calling thread until <see cref="Stop"/>.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_running) throw new InvalidOperationException("This IOLoop is already running.");
        var previousLoop = t_current;
        var previousContext = SynchronizationContext.Current;
        _threadId = Environment.CurrentManagedThreadId;
        t_current = this;
        SynchronizationContext.SetSynchronizationContext(new IOLoopSynchronizationContext(this));
        _running = true;
        try
        {
            while (!_stopRequested) RunOnce();
        }
        finally
        {
            _running = false;
            _stopRequested = false;
            _threadId = -1;
            SynchronizationContext.SetSynchronizationContext(previousContext);
            t_current = previousLoop is { _disposed: false } ? previousLoop : this;
        }
    }

    [Conditional("DEBUG")]
    internal void AssertLoopThread()
    {
        Debug.Assert(_threadId == -1 || IsOnLoopThread, "This IOLoop member may only be called on the loop's thread.");
    }

    /// <summary>
    /// Closes the poller and the waker (Tornado's <c>close</c>). Fds registered by handlers are not closed. From then on
    /// the loop is no thread's <see cref="Current"/> loop (on the thread that disposes it at once, on any other thread
    /// the next time that thread asks); callbacks queued to it are dropped and logged; timers and fd handlers can no
    /// longer be added (<see cref="ObjectDisposedException"/>); removing them does nothing.
    /// </summary>
    public void Dispose()
    {
        if (_disposed) return;
        if (_running) throw new InvalidOperationException("Stop the IOLoop before disposing it.");
        _disposed = true;
        _poller.Dispose();
        _waker.Dispose();
        if (t_current == this) t_current = null;
        GC.SuppressFinalize(this);
    }

    private void ReportDropped(Delegate callback)
    {
        try
        {
            Logger.LogWarning("IOLoop is disposed: callback {Callback} dropped (it was queued after Dispose and can never run)", DescribeCallback(callback));
        }
        catch (Exception)
        {
            // See LogFailure: a failing logger must not take the caller down.
        }
    }

    /// <summary>
    /// The safety net for a loop nobody disposed (made and dropped, or never started): its epoll fd, eventfd and event
    /// buffer are released when it is collected instead of leaking for the life of the process. The poller and waker
    /// hold only fds and native memory, and have no finalizers of their own, so closing them here is safe.
    /// </summary>
    ~IOLoop()
    {
        if (_disposed) return;
        _disposed = true;
        _poller.Dispose();
        _waker.Dispose();
    }
}
