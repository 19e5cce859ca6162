using System.Runtime.InteropServices;

namespace Squall.IO.Tests;

/// <summary>Raises this process's soft RLIMIT_NOFILE (up to the hard limit) for tests that open thousands of sockets.</summary>
internal static unsafe partial class FileLimit
{
    private const int RlimitNofile = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Max;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimit(int resource, RLimit* limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRLimit(int resource, RLimit* limit);

    public static void EnsureAtLeast(ulong wanted)
    {
        RLimit limit;
        if (GetRLimit(RlimitNofile, &limit) != 0 || limit.Current >= wanted) return;
        limit.Current = Math.Min(wanted, limit.Max);
        SetRLimit(RlimitNofile, &limit);
    }
}
