namespace Squall;

/// <summary>The readiness a file-descriptor handler asks for, or that the poller reports.</summary>
[Flags]
public enum IOEvents
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>The fd is readable (or the peer hung up).</summary>
    Read = 1,
    /// <summary>The fd is writable.</summary>
    Write = 4,
    /// <summary>An error or hang-up condition; always reported, whether asked for or not.</summary>
    Error = 8,
}
