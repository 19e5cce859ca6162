using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Squall;

/// <summary>
/// The async method builder behind <c>async Future</c> methods. A coroutine that finishes without suspending
/// allocates nothing (it returns <see cref="Future.Completed"/>); one that suspends allocates one box, which is
/// the returned future itself and holds the state machine (as <see cref="Task"/>'s builder does).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct FutureMethodBuilder
{
    private Future? _future;

    /// <summary>Compiler entry point.</summary>
    public static FutureMethodBuilder Create() => default;

    /// <summary>The coroutine's future.</summary>
    public Future Task => _future ??= new Future();

    /// <summary>Compiler entry point.</summary>
    public void Start<TStateMachine>(ref TStateMachine stateMachine) where TStateMachine : IAsyncStateMachine =>
        CoroutineStart.Run(ref stateMachine);

    /// <summary>Compiler entry point (unused: the box holds the state machine).</summary>
    public void SetStateMachine(IAsyncStateMachine stateMachine) { }

    /// <summary>Compiler entry point.</summary>
    public void SetResult()
    {
        if (_future is null) _future = Future.Completed;
        else _future.TrySetResult();
    }

    /// <summary>Compiler entry point.</summary>
    public void SetException(Exception exception)
    {
        _future ??= new Future();
        _future.TrySetException(exception);
    }

    /// <summary>Compiler entry point.</summary>
    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion where TStateMachine : IAsyncStateMachine
    {
        var box = GetBox(ref stateMachine);
        box.CaptureContext();
        awaiter.OnCompleted(box.MoveNextAction);
    }

    /// <summary>Compiler entry point.</summary>
    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion where TStateMachine : IAsyncStateMachine
    {
        CoroutineAwait.Suspend(ref awaiter, GetBox(ref stateMachine));
    }

    private FutureBox<TStateMachine> GetBox<TStateMachine>(ref TStateMachine stateMachine) where TStateMachine : IAsyncStateMachine
    {
        if (_future is FutureBox<TStateMachine> existing) return existing;
        // First suspension: the box becomes the returned future. Set it on this copy of the builder (inside the
        // caller's state machine) before copying the state machine into the box, so both copies agree.
        var box = new FutureBox<TStateMachine>();
        _future = box;
        box.StateMachine = stateMachine;
        return box;
    }
}

/// <summary>The async method builder behind <c>async Future&lt;T&gt;</c> methods; see <see cref="FutureMethodBuilder"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct FutureMethodBuilder<T>
{
    private Future<T>? _future;

    /// <summary>Compiler entry point.</summary>
    public static FutureMethodBuilder<T> Create() => default;

    /// <summary>The coroutine's future.</summary>
    public Future<T> Task => _future ??= new Future<T>();

    /// <summary>Compiler entry point.</summary>
    public void Start<TStateMachine>(ref TStateMachine stateMachine) where TStateMachine : IAsyncStateMachine =>
        CoroutineStart.Run(ref stateMachine);

    /// <summary>Compiler entry point (unused: the box holds the state machine).</summary>
    public void SetStateMachine(IAsyncStateMachine stateMachine) { }

    /// <summary>Compiler entry point.</summary>
    public void SetResult(T result)
    {
        if (_future is null) _future = Future.FromResult(result);
        else _future.TrySetResult(result);
    }

    /// <summary>Compiler entry point.</summary>
    public void SetException(Exception exception)
    {
        _future ??= new Future<T>();
        _future.TrySetException(exception);
    }

    /// <summary>Compiler entry point.</summary>
    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion where TStateMachine : IAsyncStateMachine
    {
        var box = GetBox(ref stateMachine);
        box.CaptureContext();
        awaiter.OnCompleted(box.MoveNextAction);
    }

    /// <summary>Compiler entry point.</summary>
    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion where TStateMachine : IAsyncStateMachine
    {
        CoroutineAwait.Suspend(ref awaiter, GetBox(ref stateMachine));
    }

    private FutureBox<TStateMachine, T> GetBox<TStateMachine>(ref TStateMachine stateMachine) where TStateMachine : IAsyncStateMachine
    {
        if (_future is FutureBox<TStateMachine, T> existing) return existing;
        var box = new FutureBox<TStateMachine, T>();
        _future = box;
        box.StateMachine = stateMachine;
        return box;
    }
}
