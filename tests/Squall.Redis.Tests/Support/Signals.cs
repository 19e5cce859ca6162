using System.Runtime.InteropServices;

namespace Squall.Redis.Tests.Support;

/// <summary>kill(2), for the signals .NET's Process cannot send (it only has SIGKILL).</summary>
internal static partial class Signals
{
    public const int SIGTERM = 15;

    public static void Send(int pid, int signal)
    {
        if (kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
