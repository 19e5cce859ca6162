using Microsoft.Extensions.Hosting;
using Squall;

namespace HostedHello;

/// <summary>
/// Tells requests on every loop that the server is draining, so long polls answer at once instead of holding the
/// shutdown up. State shared across loops, done the way docs/hosting.md advises: a lock around a plain list, and each
/// waiter completed on its own loop with <see cref="IOLoop.AddCallback(System.Action)"/>.
/// </summary>
public sealed class ShutdownNotice
{
    private readonly object _gate = new();
    private readonly List<(IOLoop Loop, Future Waiter)> _waiters = new();
    private bool _stopping;

    /// <summary>A singleton: it signals when the host begins stopping.</summary>
    public ShutdownNotice(IHostApplicationLifetime lifetime) => lifetime.ApplicationStopping.Register(Signal);

    /// <summary>True once the host began stopping.</summary>
    public bool IsStopping
    {
        get { lock (_gate) return _stopping; }
    }

    /// <summary>A future, on the calling loop, that completes when the host begins stopping.</summary>
    public Future WhenStopping()
    {
        var waiter = new Future();
        lock (_gate)
        {
            if (_stopping) return Future.Completed;
            _waiters.Add((IOLoop.Current, waiter));
        }
        return waiter;
    }

    /// <summary>Completes every waiter on its own loop; thread-safe (called from the host's stopping callback).</summary>
    public void Signal()
    {
        (IOLoop Loop, Future Waiter)[] waiters;
        lock (_gate)
        {
            _stopping = true;
            waiters = _waiters.ToArray();
            _waiters.Clear();
        }
        foreach (var (loop, waiter) in waiters) loop.AddCallback(() => waiter.TrySetResult());
    }
}
