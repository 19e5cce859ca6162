namespace HostedHello;

/// <summary>
/// A singleton shared by every loop: counts requests with <see cref="Interlocked"/>, because handlers on different
/// loops run on different threads.
/// </summary>
public sealed class HitCounter
{
    private long _hits;
    private long _scopesDisposed;

    /// <summary>Counts one more hit and returns the total.</summary>
    public long Hit() => Interlocked.Increment(ref _hits);

    /// <summary>Request scopes disposed so far (each <see cref="RequestInfo"/> reports its own disposal).</summary>
    public long ScopesDisposed => Interlocked.Read(ref _scopesDisposed);

    internal void ScopeDisposed() => Interlocked.Increment(ref _scopesDisposed);
}

/// <summary>
/// A scoped service: one per request (the request's scope makes it), disposed when the request completes.
/// </summary>
public sealed class RequestInfo : IDisposable
{
    private static long s_next;
    private readonly HitCounter _counter;

    public RequestInfo(HitCounter counter)
    {
        _counter = counter;
        Id = Interlocked.Increment(ref s_next);
    }

    /// <summary>Which scope this is (1, 2, ...).</summary>
    public long Id { get; }

    public void Dispose() => _counter.ScopeDisposed();
}
