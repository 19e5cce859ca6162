namespace Squall;

/// <summary>Which readiness backend a loop uses.</summary>
public enum PollerKind
{
    /// <summary>epoll on Linux, poll elsewhere.</summary>
    Default,
    /// <summary>Linux epoll(7).</summary>
    Epoll,
    /// <summary>Portable poll(2).</summary>
    Poll,
}
