using System.Net;
using System.Net.Sockets;

namespace Squall.IO;

/// <summary>Opens TCP connections on the loop (Tornado's <c>TCPClient</c>).</summary>
public static class TcpClient
{
    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/> and completes with a stream on the current loop.
    /// The name is resolved with <paramref name="resolver"/> (default: <see cref="Resolver.Default"/>, getaddrinfo in
    /// the executor); each address (IPv6 and IPv4) is tried in turn with a non-blocking connect. Fails with
    /// <see cref="TimeoutException"/> when <paramref name="timeout"/> passes first, else with the last address's
    /// <see cref="SocketException"/> (e.g. <see cref="SocketError.ConnectionRefused"/>).
    /// </summary>
    public static Future<IOStream> Connect(
        string host,
        int port,
        TimeSpan? timeout = null,
        AddressFamily family = AddressFamily.Unspecified,
        Resolver? resolver = null,
        int maxBufferSize = 100 * 1024 * 1024)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        var connector = new TcpConnector(IOLoop.Current, port, maxBufferSize);
        connector.Start(host, family, resolver ?? Resolver.Default, timeout);
        return connector.Result;
    }
}
