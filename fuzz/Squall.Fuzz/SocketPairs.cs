using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Squall.Fuzz;

/// <summary>Connected pairs of Unix stream sockets: a real peer for a stream on the loop, without a listener or a port.</summary>
internal static partial class SocketPairs
{
    [LibraryImport("libc", EntryPoint = "socketpair", SetLastError = true)]
    private static partial int SocketPairNative(int domain, int type, int protocol, Span<int> fds);

    public static (Socket, Socket) Create()
    {
        Span<int> fds = stackalloc int[2];
        const int AfUnix = 1, SockStream = 1, SockCloexec = 0x80000;
        if (SocketPairNative(AfUnix, SockStream | SockCloexec, 0, fds) != 0) throw new IOException("socketpair failed: errno " + Marshal.GetLastPInvokeError());
        return (new Socket(new SafeSocketHandle(fds[0], ownsHandle: true)), new Socket(new SafeSocketHandle(fds[1], ownsHandle: true)));
    }
}
