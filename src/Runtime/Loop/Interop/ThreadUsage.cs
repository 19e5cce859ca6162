using System.Runtime.InteropServices;

namespace Squall.Loop.Interop;

/// <summary>
/// The calling thread's CPU time and involuntary context switches (getrusage(RUSAGE_THREAD), Linux). The slow-iteration
/// warning reads it at both ends of an iteration, so a reader can tell a callback that worked (CPU time close to the
/// wall time) from a loop that waited for a core (preempted, little CPU time) or sat in a blocking call (neither).
/// </summary>
internal static partial class ThreadUsage
{
    private const int RusageThread = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxRss, IxRss, IdRss, IsRss, MinorFaults, MajorFaults, Swaps, BlocksIn, BlocksOut;
        public long MessagesSent, MessagesReceived, Signals, VoluntarySwitches, InvoluntarySwitches;
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRUsage(int who, out RUsage usage);

    /// <summary>CPU time (user + system, microseconds) and involuntary context switches so far; zeros where unavailable.</summary>
    public static (long CpuMicroseconds, long Preemptions) Now()
    {
        if (!OperatingSystem.IsLinux() || GetRUsage(RusageThread, out var u) != 0) return (0, 0);
        return ((u.UserSeconds + u.SystemSeconds) * 1_000_000 + u.UserMicroseconds + u.SystemMicroseconds, u.InvoluntarySwitches);
    }
}
