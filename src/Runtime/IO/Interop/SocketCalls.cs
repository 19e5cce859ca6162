using System.Runtime.InteropServices;

namespace Squall.IO.Interop;

/// <summary>
/// libc calls that <see cref="System.Net.Sockets.Socket"/> only offers with an exception per "would block":
/// a non-blocking accept loop ends every batch with EAGAIN, which must stay cheap.
/// </summary>
internal static partial class SocketCalls
{
    public const int EAGAIN = 11;
    public const int EINTR = 4;
    public const int ECONNABORTED = 103;
    public const int EMFILE = 24;
    public const int ENFILE = 23;
    public const int ENOBUFS = 105;
    public const int ENOMEM = 12;
    public const int EPIPE = 32;
    public const int ECONNRESET = 104;
    public const int ENOTCONN = 107;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;

    /// <summary>accept4(fd, NULL, NULL, flags): the new fd, or -1 with the errno in <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    [LibraryImport("libc", EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept4(int fd, nint address, nint addressLength, int flags);

    /// <summary>
    /// sendfile(out_fd, in_fd, &amp;offset, count): copies file bytes to a socket inside the kernel (no user-space
    /// buffer). Returns the bytes taken (offset advanced by as many), or -1 with the errno.
    /// </summary>
    [LibraryImport("libc", EntryPoint = "sendfile", SetLastError = true)]
    public static partial nint SendFile(int outFd, int inFd, ref long offset, nuint count);
}
