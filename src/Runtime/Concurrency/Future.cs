using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Squall;

/// <summary>
/// The result of an asynchronous operation, completed once (Tornado's <c>Future</c>). Awaitable; an
/// <c>async Future</c> method is a coroutine whose continuations run on the loop it started on.
/// Loop-affine: complete it on the loop's thread (<see cref="IOLoop.AddCallback(Action)"/> gets you there).
/// </summary>
[AsyncMethodBuilder(typeof(FutureMethodBuilder))]
public class Future
{
    // Marks the waiter list as closed: the future is done and new waiters are scheduled at once.
    private static readonly object s_closed = new();

    private object? _waiters; // null, an IFutureWaiter chain (newest first), or s_closed
    private ExceptionDispatchInfo? _error;
    private volatile FutureState _state;
    private int _claimed; // 1 once one completion won: set atomically, so two threads racing to complete cannot both win

    /// <summary>Creates a pending future.</summary>
    public Future() { }

    /// <summary>A future that is already done, with no result. Awaiting it allocates nothing.</summary>
    public static Future Completed { get; } = CreateCompleted();

    private static Future CreateCompleted()
    {
        var f = new Future();
        f.TrySetResult();
        return f;
    }

    /// <summary>A done future holding <paramref name="result"/>.</summary>
    public static Future<T> FromResult<T>(T result)
    {
        var f = new Future<T>();
        f.TrySetResult(result);
        return f;
    }

    /// <summary>A done future failed with <paramref name="exception"/>.</summary>
    public static Future FromException(Exception exception)
    {
        var f = new Future();
        f.SetException(exception);
        return f;
    }

    /// <summary>A done <see cref="Future{T}"/> failed with <paramref name="exception"/>.</summary>
    public static Future<T> FromException<T>(Exception exception)
    {
        var f = new Future<T>();
        f.SetException(exception);
        return f;
    }

    /// <summary>Where this future is in its life.</summary>
    public FutureState State => _state;

    /// <summary>True once a result, an exception or a cancellation is set.</summary>
    public bool IsDone => _state != FutureState.Pending;

    /// <summary>True when done by <see cref="Cancel"/>.</summary>
    public bool IsCanceled => _state == FutureState.Canceled;

    /// <summary>The exception the future failed with (an <see cref="OperationCanceledException"/> when cancelled); null otherwise.</summary>
    public Exception? Exception => _error?.SourceException;

    /// <summary>The result as an object (null for a plain <see cref="Future"/>). Throws the failure if it failed; throws if not done.</summary>
    public object? Result
    {
        get
        {
            ThrowIfFailed();
            return GetResultObject();
        }
    }

    private protected virtual object? GetResultObject() => null;

    /// <summary>Rethrows the exception this future failed with (original stack trace kept); throws if not done.</summary>
    public void ThrowIfFailed()
    {
        if (_state == FutureState.Pending) throw new InvalidOperationException("The future is not done yet; await it instead.");
        _error?.Throw();
    }

    /// <summary>Completes the future. Throws if it is already done.</summary>
    public void SetResult()
    {
        if (!TrySetResult()) throw AlreadyDone();
    }

    /// <summary>Completes the future unless it is already done.</summary>
    public bool TrySetResult() => TryComplete(FutureState.Succeeded, null);

    /// <summary>Fails the future with <paramref name="exception"/>. Throws if it is already done.</summary>
    public void SetException(Exception exception)
    {
        if (!TrySetException(exception)) throw AlreadyDone();
    }

    /// <summary>Fails the future unless it is already done.</summary>
    public bool TrySetException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var state = exception is OperationCanceledException ? FutureState.Canceled : FutureState.Faulted;
        return TryComplete(state, ExceptionDispatchInfo.Capture(exception));
    }

    /// <summary>
    /// Cancels a pending future: awaiting it throws <see cref="OperationCanceledException"/>. Returns false when it
    /// was already done. The operation behind it is not interrupted (as in Tornado).
    /// </summary>
    public bool Cancel() =>
        TryComplete(FutureState.Canceled, ExceptionDispatchInfo.Capture(new OperationCanceledException("The future was cancelled.")));

    private protected bool TryComplete(FutureState state, ExceptionDispatchInfo? error)
    {
        if (!TryClaim()) return false;
        Complete(state, error);
        return true;
    }

    /// <summary>
    /// Claims the right to complete this future; exactly one caller ever gets true. A completion writes its result only
    /// after claiming, so a losing thread cannot overwrite the winner's result or exception.
    /// </summary>
    private protected bool TryClaim() =>
        Volatile.Read(ref _claimed) == 0 && Interlocked.Exchange(ref _claimed, 1) == 0;

    /// <summary>Publishes the outcome (after <see cref="TryClaim"/> returned true) and runs the waiters.</summary>
    private protected void Complete(FutureState state, ExceptionDispatchInfo? error)
    {
        _error = error;
        _state = state; // volatile write: the result and error written before it are visible to whoever sees it
        var waiters = Interlocked.Exchange(ref _waiters, s_closed);
        if (waiters is IFutureWaiter chain) NotifyInOrder(chain);
    }

    private void NotifyInOrder(IFutureWaiter newestFirst)
    {
        // The chain is newest first; reverse it so waiters are scheduled in the order they were added.
        IFutureWaiter? reversed = null;
        for (IFutureWaiter? w = newestFirst; w is not null;)
        {
            var next = w.NextWaiter;
            w.NextWaiter = reversed;
            reversed = w;
            w = next;
        }
        for (IFutureWaiter? w = reversed; w is not null;)
        {
            var next = w.NextWaiter;
            w.NextWaiter = null;
            w.OnFutureDone(this);
            w = next;
        }
    }

    internal void AddWaiter(IFutureWaiter waiter)
    {
        while (true)
        {
            var current = Volatile.Read(ref _waiters);
            if (current == s_closed)
            {
                waiter.OnFutureDone(this);
                return;
            }
            waiter.NextWaiter = (IFutureWaiter?)current;
            if (Interlocked.CompareExchange(ref _waiters, waiter, current) == current) return;
        }
    }

    /// <summary>
    /// Calls <paramref name="callback"/> with this future once it is done, on the current thread's loop (on the thread
    /// pool when the thread has none). Never runs inside <c>SetResult</c>: it is always scheduled.
    /// </summary>
    public void AddDoneCallback(Action<Future> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        AddWaiter(new CallbackWaiter(IOLoop.CurrentOrNull, callback));
    }

    internal void OnCompleted(Action continuation) => AddWaiter(new CallbackWaiter(IOLoop.CurrentOrNull, continuation));

    /// <summary>Gets an awaiter; <c>await future</c> resumes on the awaiting loop.</summary>
    public Awaiter GetAwaiter() => new(this);

    /// <summary>A <see cref="Task"/> that completes with this future (for code that speaks <see cref="Task"/>).</summary>
    public Task AsTask()
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        AddWaiter(new TaskWaiter(this, tcs));
        return tcs.Task;
    }

    /// <summary>
    /// A future that completes when <paramref name="task"/> does, delivered on the calling thread's loop. Called where
    /// the thread has no loop (a thread-pool thread), the future completes on the thread that finished the task: no
    /// loop is made for it (one would never run, and would hold its fds).
    /// </summary>
    public static Future FromTask(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var future = new Future();
        var loop = IOLoop.CurrentOrNull;
        task.ContinueWith(t =>
        {
            if (loop is null) CompleteFrom(t, future);
            else loop.AddCallback(() => CompleteFrom(t, future));
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return future;
    }

    /// <summary>A future that completes with <paramref name="task"/>'s result; delivered as <see cref="FromTask(Task)"/>.</summary>
    public static Future<T> FromTask<T>(Task<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var future = new Future<T>();
        var loop = IOLoop.CurrentOrNull;
        task.ContinueWith(t =>
        {
            if (loop is null) CompleteFrom(t, future);
            else loop.AddCallback(() => CompleteFrom(t, future));
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return future;
    }

    private static void CompleteFrom(Task t, Future future)
    {
        if (t.IsCanceled) future.Cancel();
        else if (t.Exception is { } e) future.TrySetException(e.InnerExceptions.Count == 1 ? e.InnerException! : e);
        else future.TrySetResult();
    }

    private static void CompleteFrom<T>(Task<T> t, Future<T> future)
    {
        if (t.IsCanceled) future.Cancel();
        else if (t.Exception is { } e) future.TrySetException(e.InnerExceptions.Count == 1 ? e.InnerException! : e);
        else future.TrySetResult(t.Result);
    }

    private static InvalidOperationException AlreadyDone() => new("The future is already done.");

    private sealed class TaskWaiter(Future future, TaskCompletionSource tcs) : IFutureWaiter
    {
        public IFutureWaiter? NextWaiter { get; set; }

        public void OnFutureDone(Future f)
        {
            if (future.IsCanceled) tcs.TrySetCanceled();
            else if (future.Exception is { } e) tcs.TrySetException(e);
            else tcs.TrySetResult();
        }
    }

    /// <summary>Awaits a <see cref="Future"/>.</summary>
    public readonly struct Awaiter : ICriticalNotifyCompletion, IFutureAwaiter
    {
        private readonly Future _future;

        internal Awaiter(Future future) => _future = future;

        Future IFutureAwaiter.Future => _future;

        /// <summary>True when the future is done: no suspension.</summary>
        public bool IsCompleted => _future.IsDone;

        /// <summary>Rethrows the failure, if any.</summary>
        public void GetResult() => _future.ThrowIfFailed();

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => _future.OnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _future.OnCompleted(continuation);
    }
}

/// <summary>Implemented by the awaiters of futures, so the coroutine builder can wait on the future directly.</summary>
internal interface IFutureAwaiter
{
    Future Future { get; }
}
