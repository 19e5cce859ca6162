using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Squall.IO.Interop;

/// <summary>
/// libc calls on a socket's descriptor. <see cref="System.Net.Sockets.Socket"/> only offers a non-blocking accept with
/// an exception per "would block", and a non-blocking <c>Socket</c> carries a <c>SocketAsyncContext</c> (and endpoint
/// objects) per connection that the loop never uses: an accepted connection is served through these calls instead,
/// holding only its descriptor (issue 16: memory per idle keep-alive connection).
/// </summary>
internal static unsafe partial class SocketCalls
{
    public const int EAGAIN = 11;
    public const int EINTR = 4;
    public const int ECONNABORTED = 103;
    public const int EMFILE = 24;
    public const int ENFILE = 23;
    public const int ENOBUFS = 105;
    public const int ENOMEM = 12;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;
    private const int MSG_NOSIGNAL = 0x4000; // a send to a closed peer returns EPIPE instead of raising SIGPIPE
    private const int SOL_SOCKET = 1;
    private const int SO_ERROR = 4;
    private const int IPPROTO_TCP = 6;
    private const int TCP_NODELAY = 1;

    /// <summary>accept4(fd, NULL, NULL, flags): the new fd, or -1 with the errno in <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    [LibraryImport("libc", EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept4(int fd, nint address, nint addressLength, int flags);

    /// <summary>
    /// sendfile(out_fd, in_fd, &amp;offset, count): copies file bytes to a socket inside the kernel (no user-space
    /// buffer). Returns the bytes taken (offset advanced by as many), or -1 with the errno.
    /// </summary>
    [LibraryImport("libc", EntryPoint = "sendfile", SetLastError = true)]
    public static partial nint SendFile(int outFd, int inFd, ref long offset, nuint count);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    private static partial nint Recv(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint Send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint SendMsg(int fd, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int GetSockOpt(int fd, int level, int name, int* value, uint* length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOpt(int fd, int level, int name, int* value, uint length);

    [LibraryImport("libc", EntryPoint = "getpeername", SetLastError = true)]
    private static partial int GetPeerName(int fd, byte* address, uint* length);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, nuint request, int* value);

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    private static partial int Shutdown(int fd, int how);

    /// <summary>FIONREAD: bytes the kernel holds for reading (0 when it cannot tell).</summary>
    public static int BytesAvailable(int fd)
    {
        int value = 0;
        return Ioctl(fd, 0x541B, &value) == 0 ? value : 0;
    }

    /// <summary>shutdown(fd, SHUT_WR): the peer sees the end of the stream; reading stays possible.</summary>
    public static SocketError ShutdownSend(int fd) => Shutdown(fd, 1) == 0 ? SocketError.Success : ToSocketError(Marshal.GetLastPInvokeError());

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    // struct msghdr (LP64 Linux: x64 and arm64 share the layout).
    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public nint Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public nint Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>recv without flags: bytes received (0 at the end of the stream), or 0 and the error (WouldBlock when empty).</summary>
    public static int Receive(int fd, Span<byte> buffer, out SocketError error)
    {
        while (true)
        {
            nint n;
            fixed (byte* p = buffer) n = Recv(fd, p, (nuint)buffer.Length, 0);
            if (n >= 0)
            {
                error = SocketError.Success;
                return (int)n;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EINTR) continue;
            error = ToSocketError(errno);
            return 0;
        }
    }

    /// <summary>send: the bytes the kernel took, or 0 and the error (WouldBlock when its buffer is full).</summary>
    public static int Send(int fd, ReadOnlySpan<byte> data, out SocketError error)
    {
        while (true)
        {
            nint n;
            fixed (byte* p = data) n = Send(fd, p, (nuint)data.Length, MSG_NOSIGNAL);
            if (n >= 0)
            {
                error = SocketError.Success;
                return (int)n;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EINTR) continue;
            error = ToSocketError(errno);
            return 0;
        }
    }

    /// <summary>One gathering send of <paramref name="count"/> vectors (the caller pins their buffers), as <see cref="Send(int, ReadOnlySpan{byte}, out SocketError)"/>.</summary>
    public static int SendGather(int fd, IoVector* vectors, int count, out SocketError error)
    {
        var header = new MessageHeader { Vectors = vectors, VectorCount = (nuint)count };
        while (true)
        {
            nint n = SendMsg(fd, &header, MSG_NOSIGNAL);
            if (n >= 0)
            {
                error = SocketError.Success;
                return (int)n;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EINTR) continue;
            error = ToSocketError(errno);
            return 0;
        }
    }

    /// <summary>SO_ERROR: the socket's pending error (Success when none).</summary>
    public static SocketError PendingError(int fd)
    {
        int value = 0;
        uint length = sizeof(int);
        if (GetSockOpt(fd, SOL_SOCKET, SO_ERROR, &value, &length) != 0) return ToSocketError(Marshal.GetLastPInvokeError());
        return value == 0 ? SocketError.Success : ToSocketError(value);
    }

    /// <summary>Turns Nagle's algorithm off; false when the option does not apply (not TCP).</summary>
    public static bool SetNoDelay(int fd)
    {
        int one = 1;
        return SetSockOpt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(int)) == 0;
    }

    /// <summary>The peer's IPv4 or IPv6 address, or null (another family, or the peer is gone).</summary>
    public static System.Net.IPEndPoint? PeerEndPoint(int fd)
    {
        byte* address = stackalloc byte[128]; // sockaddr_storage
        uint length = 128;
        if (GetPeerName(fd, address, &length) != 0) return null;
        ushort family = *(ushort*)address;
        int port = (address[2] << 8) | address[3]; // network byte order
        if (family == 2 && length >= 16) // AF_INET: sockaddr_in
            return new System.Net.IPEndPoint(new System.Net.IPAddress(new ReadOnlySpan<byte>(address + 4, 4)), port);
        if (family == 10 && length >= 28) // AF_INET6: sockaddr_in6 (flow info at 4, address at 8, scope id at 24)
            return new System.Net.IPEndPoint(new System.Net.IPAddress(new ReadOnlySpan<byte>(address + 8, 16), *(uint*)(address + 24)), port);
        return null;
    }

    /// <summary>Linux errno → <see cref="SocketError"/>, as .NET's sockets report them.</summary>
    public static SocketError ToSocketError(int errno) => errno switch
    {
        EAGAIN => SocketError.WouldBlock,
        EINTR => SocketError.Interrupted,
        9 => SocketError.OperationAborted, // EBADF: closed under us
        ENOMEM or ENOBUFS => SocketError.NoBufferSpaceAvailable,
        14 => SocketError.Fault, // EFAULT
        22 => SocketError.InvalidArgument, // EINVAL
        32 or 108 => SocketError.Shutdown, // EPIPE, ESHUTDOWN
        88 => SocketError.NotSocket, // ENOTSOCK
        90 => SocketError.MessageSize, // EMSGSIZE
        100 => SocketError.NetworkDown, // ENETDOWN
        101 => SocketError.NetworkUnreachable, // ENETUNREACH
        102 => SocketError.NetworkReset, // ENETRESET
        ECONNABORTED => SocketError.ConnectionAborted,
        104 => SocketError.ConnectionReset, // ECONNRESET
        107 => SocketError.NotConnected, // ENOTCONN
        110 => SocketError.TimedOut, // ETIMEDOUT
        111 => SocketError.ConnectionRefused, // ECONNREFUSED
        112 => SocketError.HostDown, // EHOSTDOWN
        113 => SocketError.HostUnreachable, // EHOSTUNREACH
        _ => SocketError.SocketError,
    };
}
