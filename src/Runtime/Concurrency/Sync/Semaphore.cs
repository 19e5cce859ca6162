namespace Squall;

/// <summary>
/// A counter of free slots that coroutines wait on (Tornado's <c>tornado.locks.Semaphore</c>).
/// <c>using (await semaphore.Acquire()) { ... }</c> holds one slot for the block. Waiters are served in FIFO order;
/// a waiter whose timeout passes is removed and fails with <see cref="TimeoutException"/>. Loop thread only.
/// </summary>
/// <remarks>
/// The name is Tornado's and the API's, so it clashes with <see cref="System.Threading.Semaphore"/> in files that
/// import both namespaces (the SDK's implicit usings include <c>System.Threading</c>): write
/// <c>using Semaphore = Squall.Semaphore;</c> or the full name there.
/// </remarks>
public class Semaphore
{
    private readonly WaiterQueue<Future<IDisposable>> _waiters = new();

    /// <summary>Creates a semaphore with <paramref name="value"/> free slots.</summary>
    public Semaphore(int value = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Value = value;
    }

    /// <summary>Free slots now.</summary>
    public int Value { get; private set; }

    /// <summary>
    /// Takes a slot, waiting for one if none is free. The result releases the slot when disposed (once). Fails with
    /// <see cref="TimeoutException"/> if <paramref name="timeout"/> passes first.
    /// </summary>
    public Future<IDisposable> Acquire(TimeSpan? timeout = null)
    {
        if (Value > 0)
        {
            Value--;
            return Future.FromResult<IDisposable>(new Releaser(this));
        }
        var waiter = new Future<IDisposable>();
        _waiters.Add(waiter, timeout);
        return waiter;
    }

    /// <summary>Frees a slot; the oldest waiter, if any, takes it.</summary>
    public virtual void Release()
    {
        Value++;
        if (_waiters.TryTake(out var waiter))
        {
            Value--;
            waiter.TrySetResult(new Releaser(this));
        }
    }

    /// <summary>Releases its semaphore on the first <see cref="Dispose"/>; later calls do nothing.</summary>
    private sealed class Releaser(Semaphore semaphore) : IDisposable
    {
        private bool _released;

        public void Dispose()
        {
            if (_released) return;
            _released = true;
            semaphore.Release();
        }
    }
}

/// <summary>
/// A <see cref="Semaphore"/> that refuses to be released above its initial value (Tornado's <c>BoundedSemaphore</c>):
/// an extra <see cref="Release"/> throws <see cref="SemaphoreFullException"/>, which catches unbalanced releases.
/// </summary>
public sealed class BoundedSemaphore : Semaphore
{
    private readonly int _initial;

    /// <summary>Creates a bounded semaphore with <paramref name="value"/> free slots, also its maximum.</summary>
    public BoundedSemaphore(int value = 1) : base(value) => _initial = value;

    /// <inheritdoc />
    public override void Release()
    {
        if (Value >= _initial) throw new SemaphoreFullException("The semaphore was released too many times.");
        base.Release();
    }
}
