namespace Squall;

/// <summary>
/// A lock for coroutines (Tornado's <c>tornado.locks.Lock</c>): <c>using (await myLock.Acquire()) { ... }</c>.
/// Not re-entrant; waiters get it in FIFO order; a waiter whose timeout passes is removed and fails with
/// <see cref="TimeoutException"/>. Loop thread only.
/// </summary>
public sealed class AsyncLock
{
    private readonly BoundedSemaphore _block = new(1);

    /// <summary>True while some coroutine holds the lock.</summary>
    public bool IsLocked => _block.Value == 0;

    /// <summary>Takes the lock, waiting for it if needed; dispose the result to release it.</summary>
    public Future<IDisposable> Acquire(TimeSpan? timeout = null) => _block.Acquire(timeout);

    /// <summary>Releases the lock; throws <see cref="InvalidOperationException"/> when it is not held.</summary>
    public void Release()
    {
        try
        {
            _block.Release();
        }
        catch (SemaphoreFullException)
        {
            throw new InvalidOperationException("Release() of an AsyncLock that is not locked.");
        }
    }
}
