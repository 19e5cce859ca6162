using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Squall.IO;

/// <summary>Loads certificates and keys from PEM files, the form most servers keep them in (Tornado's <c>certfile</c>/<c>keyfile</c>).</summary>
public static class TlsCertificates
{
    /// <summary>
    /// Loads the first certificate of <paramref name="certFile"/> with the private key in <paramref name="keyFile"/>
    /// (PKCS#8, PKCS#1 or SEC1 PEM; the same file may hold both). On Windows the ephemeral key is re-imported through
    /// PKCS#12, which SChannel needs; on Linux and macOS the key is used as loaded.
    /// </summary>
    public static X509Certificate2 LoadPem(string certFile, string? keyFile = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(certFile);
        var certificate = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        if (!OperatingSystem.IsWindows()) return certificate;
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
        }
    }

    /// <summary>The certificates of a PEM bundle (a CA file, or the chain after a server certificate).</summary>
    public static X509Certificate2Collection LoadPemBundle(string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(file);
        return collection;
    }

    /// <summary>
    /// Server options for <paramref name="certFile"/> (the certificate, then any intermediates) and
    /// <paramref name="keyFile"/>: TLS 1.2 and 1.3, ALPN <c>http/1.1</c>, and the chain sent to clients built once, offline
    /// (no download ever runs on the loop).
    /// </summary>
    public static SslServerAuthenticationOptions ServerOptions(string certFile, string? keyFile = null)
    {
        var leaf = LoadPem(certFile, keyFile);
        var chain = LoadPemBundle(certFile);
        var intermediates = new X509Certificate2Collection();
        foreach (var c in chain)
        {
            if (c.Thumbprint != leaf.Thumbprint) intermediates.Add(c);
        }
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(leaf, intermediates, offline: true),
            EnabledSslProtocols = TlsDefaults.Protocols,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
        };
    }
}
