using System.Net.Security;

namespace Squall.IO;

public partial class IOStream
{
    /// <summary>
    /// Turns this plaintext stream into a TLS server stream (Tornado's <c>start_tls(server_side=True)</c>, for STARTTLS
    /// protocols): this stream gives up its socket (and is closed without closing it) and the future completes with a
    /// <see cref="SslIOStream"/> on the same connection once the handshake is done. No read or write may be pending
    /// and nothing may be buffered. Fails as <see cref="SslIOStream.AuthenticateAsServer"/> does.
    /// </summary>
    public Future<IOStream> StartTls(SslServerAuthenticationOptions options, TimeSpan? handshakeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tls = new SslIOStream(Detach(nameof(StartTls)), _loop) { MaxBufferSize = MaxBufferSize, MaxWriteBufferSize = MaxWriteBufferSize };
        return AsIOStream(tls.AuthenticateAsServer(options, handshakeTimeout));
    }

    /// <summary>
    /// Turns this plaintext stream into a TLS client stream (Tornado's <c>start_tls(server_side=False,
    /// server_hostname=...)</c>); <see cref="SslClientAuthenticationOptions.TargetHost"/> is the name sent with SNI and
    /// verified in the server's certificate. Otherwise as <see cref="StartTls(SslServerAuthenticationOptions, TimeSpan?)"/>.
    /// </summary>
    public Future<IOStream> StartTls(SslClientAuthenticationOptions options, TimeSpan? handshakeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tls = new SslIOStream(Detach(nameof(StartTls)), _loop) { MaxBufferSize = MaxBufferSize, MaxWriteBufferSize = MaxWriteBufferSize };
        return AsIOStream(tls.AuthenticateAsClient(options, handshakeTimeout));
    }

    private static Future<IOStream> AsIOStream(Future<SslIOStream> handshake)
    {
        var result = new Future<IOStream>();
        handshake.AddDoneCallback(f =>
        {
            if (f.Exception is { } e) result.TrySetException(e);
            else result.TrySetResult(handshake.Result);
        });
        return result;
    }
}
