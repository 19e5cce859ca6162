using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Squall.IO;

namespace Squall.Http;

/// <summary>
/// Turns a request's TLS settings (<see cref="HttpRequest.ValidateCert"/>, <see cref="HttpRequest.CaCerts"/>,
/// <see cref="HttpRequest.ClientCert"/>) into SslStream's client options. Files are read once per client and kept:
/// the loop never rereads a CA bundle per connection. Chain building never downloads anything (no AIA fetch, no
/// revocation lookups), so verification cannot block the loop on the network.
/// </summary>
internal sealed class TlsClientOptions
{
    private readonly Dictionary<string, X509Certificate2Collection> _trust = new();
    private readonly Dictionary<(string, string?), X509Certificate2> _clientCertificates = new();

    public SslClientAuthenticationOptions For(HttpRequest request, Uri uri)
    {
        var options = new SslClientAuthenticationOptions
        {
            // The name sent with SNI and checked against the certificate (SslStream sends no SNI for an IP literal,
            // and then checks the certificate's IP addresses).
            TargetHost = uri.IdnHost,
            EnabledSslProtocols = TlsDefaults.Protocols,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        };
        var policy = new X509ChainPolicy
        {
            DisableCertificateDownloads = true,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        if (request.CaCerts is { } caFile)
        {
            if (!_trust.TryGetValue(caFile, out var roots)) _trust[caFile] = roots = TlsCertificates.LoadPemBundle(caFile);
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(roots);
        }
        options.CertificateChainPolicy = policy;
        if (!request.ValidateCert) options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        if (request.ClientCert is { } certFile)
        {
            var key = (certFile, request.ClientKey);
            if (!_clientCertificates.TryGetValue(key, out var certificate))
            {
                _clientCertificates[key] = certificate = TlsCertificates.LoadPem(certFile, request.ClientKey);
            }
            options.ClientCertificates = [certificate];
        }
        return options;
    }

    /// <summary>What, besides scheme, host and port, makes a pooled TLS connection unfit for another request.</summary>
    public static string PoolSuffix(HttpRequest request) =>
        request.ValidateCert && request.CaCerts is null && request.ClientCert is null
            ? ""
            : $"|{request.ValidateCert}|{request.CaCerts}|{request.ClientCert}|{request.ClientKey}";

    /// <summary>The reason of a handshake failure, with the certificate errors SslStream names in its inner exceptions.</summary>
    public static string Describe(Exception error)
    {
        var text = error.Message;
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!text.Contains(inner.Message, StringComparison.Ordinal)) text += " (" + inner.Message + ")";
        }
        return text;
    }
}
