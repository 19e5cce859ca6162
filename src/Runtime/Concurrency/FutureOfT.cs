using System.Runtime.CompilerServices;

namespace Squall;

/// <summary>A <see cref="Future"/> with a result of type <typeparamref name="T"/>; <c>async Future&lt;T&gt;</c> methods return it.</summary>
[AsyncMethodBuilder(typeof(FutureMethodBuilder<>))]
public class Future<T> : Future
{
    private T _result = default!;

    /// <summary>Creates a pending future.</summary>
    public Future() { }

    /// <summary>The result. Rethrows the failure if the future failed; throws if it is not done.</summary>
    public new T Result
    {
        get
        {
            ThrowIfFailed();
            return _result;
        }
    }

    private protected override object? GetResultObject() => _result;

    /// <summary>Completes the future with <paramref name="result"/>. Throws if it is already done.</summary>
    public void SetResult(T result)
    {
        if (!TrySetResult(result)) throw new InvalidOperationException("The future is already done.");
    }

    /// <summary>Completes the future with <paramref name="result"/> unless it is already done.</summary>
    public bool TrySetResult(T result)
    {
        if (!TryClaim()) return false;
        _result = result;
        Complete(FutureState.Succeeded, null);
        return true;
    }

    /// <summary>A <see cref="Task{T}"/> that completes with this future.</summary>
    public new Task<T> AsTask()
    {
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        AddWaiter(new TaskWaiter(this, tcs));
        return tcs.Task;
    }

    /// <summary>Gets an awaiter whose result is <typeparamref name="T"/>.</summary>
    public new Awaiter GetAwaiter() => new(this);

    private sealed class TaskWaiter(Future<T> future, TaskCompletionSource<T> tcs) : IFutureWaiter
    {
        public IFutureWaiter? NextWaiter { get; set; }

        public void OnFutureDone(Future f)
        {
            if (future.IsCanceled) tcs.TrySetCanceled();
            else if (future.Exception is { } e) tcs.TrySetException(e);
            else tcs.TrySetResult(future._result);
        }
    }

    /// <summary>Awaits a <see cref="Future{T}"/>.</summary>
    public new readonly struct Awaiter : ICriticalNotifyCompletion, IFutureAwaiter
    {
        private readonly Future<T> _future;

        internal Awaiter(Future<T> future) => _future = future;

        Future IFutureAwaiter.Future => _future;

        /// <summary>True when the future is done: no suspension.</summary>
        public bool IsCompleted => _future.IsDone;

        /// <summary>The result, or the failure rethrown.</summary>
        public T GetResult() => _future.Result;

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => _future.OnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _future.OnCompleted(continuation);
    }
}
