using System.Net;
using System.Net.Sockets;

namespace Squall.IO;

/// <summary>Socket helpers (Tornado's <c>tornado.netutil</c>).</summary>
public static class NetUtil
{
    private const int SolSocket = 1;      // SOL_SOCKET on Linux
    private const int SoReuseAddr = 2;    // SO_REUSEADDR
    private const int SoReusePort = 15;   // SO_REUSEPORT

    /// <summary>
    /// Creates listening, non-blocking sockets for <paramref name="port"/> on <paramref name="address"/>
    /// (Tornado's <c>bind_sockets</c>): an IP literal, a host name (every address it resolves to), or null/empty for
    /// all interfaces (IPv4 and IPv6). IPv6 sockets are IPv6-only so both families can share the port. Port 0 picks a
    /// free port; every socket then gets the port of the first. <c>SO_REUSEADDR</c> is on; <paramref name="reusePort"/>
    /// sets <c>SO_REUSEPORT</c> so several processes or loops can share the port. Resolves host names synchronously:
    /// call it at start-up, not on a running loop.
    /// </summary>
    public static IReadOnlyList<Socket> BindSockets(int port, string? address = null, int backlog = 128, bool reusePort = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        var addresses = ListenAddresses(address);
        var sockets = new List<Socket>();
        try
        {
            foreach (var ip in addresses)
            {
                var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                // Set raw: .NET's ReuseAddress on Linux also sets SO_REUSEPORT, which would let a second server
                // silently share the port.
                SetFlag(socket, SoReuseAddr);
                if (reusePort) SetFlag(socket, SoReusePort);
                if (ip.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = false;
                socket.Bind(new IPEndPoint(ip, port));
                if (port == 0) port = ((IPEndPoint)socket.LocalEndPoint!).Port;
                socket.Blocking = false;
                socket.Listen(backlog);
            }
        }
        catch
        {
            foreach (var s in sockets) s.Dispose();
            throw;
        }
        return sockets;
    }

    private static void SetFlag(Socket socket, int option)
    {
        Span<byte> one = stackalloc byte[4];
        BitConverter.TryWriteBytes(one, 1);
        socket.SetRawSocketOption(SolSocket, option, one);
    }

    private static IReadOnlyList<IPAddress> ListenAddresses(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return Socket.OSSupportsIPv6 ? [IPAddress.Any, IPAddress.IPv6Any] : [IPAddress.Any];
        }
        if (IPAddress.TryParse(address.Trim('[', ']'), out var literal)) return [literal];
        var resolved = Dns.GetHostAddresses(address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork || (a.AddressFamily == AddressFamily.InterNetworkV6 && Socket.OSSupportsIPv6))
            .Distinct()
            .ToArray();
        if (resolved.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        return resolved;
    }
}
