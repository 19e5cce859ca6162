using Microsoft.Win32.SafeHandles;

namespace Squall.IO.Interop;

/// <summary>
/// Owns an accepted socket's descriptor while no <see cref="System.Net.Sockets.Socket"/> wraps it: closes it once, on
/// <see cref="IOStream.Close"/> or, for a stream never closed, on finalization.
/// </summary>
internal sealed class SocketDescriptor : SafeHandleMinusOneIsInvalid
{
    public SocketDescriptor(int fd) : base(ownsHandle: true) => SetHandle(fd);

    protected override bool ReleaseHandle() => SocketCalls.Close((int)handle) == 0;
}
