using System.Net;
using System.Net.Sockets;

namespace Squall.Redis.Tests.Support;

internal static class FreePort
{
    /// <summary>
    /// A port the kernel just handed out on 127.0.0.1, for servers we did not write that cannot be told "port 0"
    /// and report back (redis-server, nginx). Another process could take it in between; the kernel cycles through
    /// the ephemeral range, so that is rare, and the server's start then fails loudly.
    /// </summary>
    public static int Next()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
