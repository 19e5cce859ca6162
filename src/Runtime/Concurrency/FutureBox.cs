using System.Runtime.CompilerServices;

namespace Squall;

/// <summary>What the builders need from a box: the way to resume it.</summary>
internal interface ICoroutineBox : IFutureWaiter
{
    Action MoveNextAction { get; }

    /// <summary>Runs the next step, as <see cref="MoveNextAction"/> does, without needing the delegate.</summary>
    void Resume();

    /// <summary>Remembers the ExecutionContext (AsyncLocal values) to resume under, as Task's builder does.</summary>
    void CaptureContext();
}

/// <summary>
/// The heap home of a suspended <c>async Future</c> coroutine: the returned future, the state machine, and the
/// loop it resumes on (the loop of the thread it started on; the thread pool when there was none).
/// </summary>
internal sealed class FutureBox<TStateMachine> : Future, ICoroutineBox where TStateMachine : IAsyncStateMachine
{
    public TStateMachine StateMachine = default!;
    private readonly IOLoop? _loop = IOLoop.CurrentOrNull;
    private Action? _moveNext;

    public Action MoveNextAction => _moveNext ??= MoveNext;

    public void Resume() => MoveNext();

    public IFutureWaiter? NextWaiter { get; set; }

    public void OnFutureDone(Future future) => CallbackWaiter.Schedule(_loop, MoveNextAction);

    private ExecutionContext? _context;

    public void CaptureContext() => _context = ExecutionContext.Capture();

    private void MoveNext()
    {
        if (_context is null) StateMachine.MoveNext();
        else ExecutionContext.Run(_context, s_moveNext, this);
    }

    private static readonly ContextCallback s_moveNext = static box => ((FutureBox<TStateMachine>)box!).StateMachine.MoveNext();
}

/// <summary>The box of an <c>async Future&lt;T&gt;</c> coroutine; see <see cref="FutureBox{TStateMachine}"/>.</summary>
internal sealed class FutureBox<TStateMachine, T> : Future<T>, ICoroutineBox where TStateMachine : IAsyncStateMachine
{
    public TStateMachine StateMachine = default!;
    private readonly IOLoop? _loop = IOLoop.CurrentOrNull;
    private Action? _moveNext;

    public Action MoveNextAction => _moveNext ??= MoveNext;

    public void Resume() => MoveNext();

    public IFutureWaiter? NextWaiter { get; set; }

    public void OnFutureDone(Future future) => CallbackWaiter.Schedule(_loop, MoveNextAction);

    private ExecutionContext? _context;

    public void CaptureContext() => _context = ExecutionContext.Capture();

    private void MoveNext()
    {
        if (_context is null) StateMachine.MoveNext();
        else ExecutionContext.Run(_context, s_moveNext, this);
    }

    private static readonly ContextCallback s_moveNext = static box => ((FutureBox<TStateMachine, T>)box!).StateMachine.MoveNext();
}

/// <summary>The shared parts of the two builders.</summary>
internal static class CoroutineStart
{
    public static void Run<TStateMachine>(ref TStateMachine stateMachine) where TStateMachine : IAsyncStateMachine
    {
        // Like AsyncMethodBuilderCore.Start: changes the synchronous part makes to the ExecutionContext
        // (AsyncLocal values) or the SynchronizationContext do not leak into the caller.
        var previousContext = SynchronizationContext.Current;
        var previousExecution = ExecutionContext.Capture();
        try
        {
            stateMachine.MoveNext();
        }
        finally
        {
            if (SynchronizationContext.Current != previousContext) SynchronizationContext.SetSynchronizationContext(previousContext);
            if (previousExecution is not null && ExecutionContext.Capture() != previousExecution) ExecutionContext.Restore(previousExecution);
        }
    }
}

internal static class CoroutineAwait
{
    private static readonly SendOrPostCallback s_resume = static box => ((ICoroutineBox)box!).Resume();

    /// <summary>Suspends a coroutine on <paramref name="awaiter"/>: directly on a future, else through the awaiter.</summary>
    public static void Suspend<TAwaiter>(ref TAwaiter awaiter, ICoroutineBox waiter) where TAwaiter : ICriticalNotifyCompletion
    {
        // For a future's awaiter (a struct whose only field is the future) the box waits on the future itself:
        // no continuation delegate, no extra waiter object. The JIT folds the type test per instantiation.
        waiter.CaptureContext();
        if (default(TAwaiter) is IFutureAwaiter)
        {
            Unsafe.As<TAwaiter, Future>(ref awaiter).AddWaiter(waiter);
        }
        else if (default(TAwaiter) is Gen.MomentAwaiter)
        {
            // Gen.Moment resumes on the next loop iteration: queued with a static callback, so the coroutine needs
            // no MoveNext delegate (64 B) and stays at one allocation, its box.
            IOLoop.Current.AddCallback(s_resume, waiter);
        }
        else
        {
            awaiter.UnsafeOnCompleted(waiter.MoveNextAction);
        }
    }
}
