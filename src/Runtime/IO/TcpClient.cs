using System.Net;
using System.Net.Security;
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
    /// With <paramref name="sslOptions"/> the stream is an <see cref="SslIOStream"/> whose handshake is done (Tornado's
    /// <c>connect(ssl_options=...)</c>): an empty <see cref="SslClientAuthenticationOptions.TargetHost"/> becomes
    /// <paramref name="host"/> (sent with SNI and verified in the certificate); the handshake has its own
    /// <paramref name="timeout"/>; a failed one fails the future with its reason (e.g. an
    /// <see cref="System.Security.Authentication.AuthenticationException"/> naming the certificate error).
    /// </summary>
    public static Future<IOStream> Connect(
        string host,
        int port,
        TimeSpan? timeout = null,
        AddressFamily family = AddressFamily.Unspecified,
        Resolver? resolver = null,
        int maxBufferSize = 100 * 1024 * 1024,
        SslClientAuthenticationOptions? sslOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        var connector = new TcpConnector(IOLoop.Current, port, maxBufferSize);
        connector.Start(host, family, resolver ?? Resolver.Default, timeout);
        if (sslOptions is null) return connector.Result;
        TlsDefaults.CheckClientOptions(sslOptions);
        if (string.IsNullOrEmpty(sslOptions.TargetHost)) sslOptions.TargetHost = host;
        var result = new Future<IOStream>();
        connector.Result.AddDoneCallback(f =>
        {
            if (f.Exception is { } error)
            {
                result.TrySetException(error);
                return;
            }
            var plain = connector.Result.Result;
            Future<IOStream> handshake;
            try
            {
                handshake = plain.StartTls(sslOptions, timeout);
            }
            catch (Exception e)
            {
                plain.Close(e);
                result.TrySetException(e);
                return;
            }
            handshake.AddDoneCallback(h =>
            {
                if (h.Exception is { } e) result.TrySetException(e);
                else result.TrySetResult(handshake.Result);
            });
        });
        return result;
    }
}
