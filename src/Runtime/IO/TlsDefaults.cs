using System.Net.Security;
using System.Security.Authentication;

namespace Squall.IO;

/// <summary>The TLS policy every Squall endpoint shares: TLS 1.2 and 1.3 only.</summary>
internal static class TlsDefaults
{
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Fills unset protocol versions with TLS 1.2 + 1.3 and refuses options that enable anything older.</summary>
    public static SslServerAuthenticationOptions CheckServerOptions(SslServerAuthenticationOptions options)
    {
        options.EnabledSslProtocols = CheckProtocols(options.EnabledSslProtocols, nameof(options));
        if (options.ServerCertificate is null && options.ServerCertificateContext is null && options.ServerCertificateSelectionCallback is null)
        {
            throw new ArgumentException("The TLS options have no server certificate (ServerCertificate, ServerCertificateContext or ServerCertificateSelectionCallback).", nameof(options));
        }
        return options;
    }

    /// <summary>As <see cref="CheckServerOptions"/> for a client.</summary>
    public static SslClientAuthenticationOptions CheckClientOptions(SslClientAuthenticationOptions options)
    {
        options.EnabledSslProtocols = CheckProtocols(options.EnabledSslProtocols, nameof(options));
        return options;
    }

    private static SslProtocols CheckProtocols(SslProtocols protocols, string parameter)
    {
        if (protocols == SslProtocols.None) return Protocols;
#pragma warning disable SYSLIB0039, CS0618 // naming the obsolete versions is how they are refused
        const SslProtocols tooOld = SslProtocols.Ssl2 | SslProtocols.Ssl3 | SslProtocols.Tls | SslProtocols.Tls11;
#pragma warning restore SYSLIB0039, CS0618
        if ((protocols & tooOld) != 0) throw new ArgumentException($"TLS versions before 1.2 are not allowed ({protocols}).", parameter);
        return protocols;
    }
}
