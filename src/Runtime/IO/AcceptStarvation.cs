using Microsoft.Extensions.Logging;
using Squall.IO.Interop;

namespace Squall.IO;

/// <summary>
/// One <see cref="TcpServer"/>'s episodes of running out of descriptors at <c>accept</c>: logs once when an episode
/// starts and once when it ends (the kernel's queue drained), never per failed attempt, and spaces the blind retries
/// out (a closing connection retries at once, without waiting for them).
/// </summary>
internal sealed class AcceptStarvation(IOLoop loop)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(1);

    private bool _starving;
    private double _since;
    private int _failures;
    private TimeSpan _retry = FirstRetry;

    /// <summary>True while accepts fail for want of descriptors.</summary>
    public bool Starving => _starving;

    /// <summary>
    /// Notes a failed accept. False when <paramref name="errno"/> is not a shortage of descriptors or memory
    /// (the caller logs it itself); true otherwise, logging only if this starts an episode.
    /// </summary>
    public bool Begin(int errno, int openConnections)
    {
        string? name = errno switch
        {
            SocketCalls.EMFILE => "EMFILE",
            SocketCalls.ENFILE => "ENFILE",
            SocketCalls.ENOBUFS => "ENOBUFS",
            SocketCalls.ENOMEM => "ENOMEM",
            _ => null,
        };
        if (name is null) return false;
        _failures++;
        if (_starving) return true;
        _starving = true;
        _since = loop.Time();
        _failures = 1;
        _retry = FirstRetry;
        loop.Logger.LogWarning(
            "Out of file descriptors (accept: {Errno}) with {Open} connections open; not accepting until descriptors free up. Open connections are still served.",
            name, openConnections);
        return true;
    }

    /// <summary>How long to wait before trying again blindly: doubling from 50 ms to 1 s within an episode.</summary>
    public TimeSpan NextRetryDelay()
    {
        var delay = _retry;
        _retry = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, _retry.Ticks * 2));
        return delay;
    }

    /// <summary>An accept found the queue empty: an episode in progress is over.</summary>
    public void EndIfStarving()
    {
        if (!_starving) return;
        _starving = false;
        loop.Logger.LogWarning(
            "Accepting connections again after {Seconds:F1} s out of file descriptors ({Failures} accept attempts failed)",
            loop.Time() - _since, _failures);
    }
}
