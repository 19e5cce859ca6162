using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Squall.Tls.Tests;

/// <summary>
/// A throwaway CA and certificates it signs, made fresh for each test run with <see cref="CertificateRequest"/> and
/// written as PEM files to a temporary folder (deleted on dispose). No key of any value is ever committed.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates()
    {
        Folder = Directory.CreateTempSubdirectory("squall-tls-").FullName;
        CaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Squall Test CA", CaKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        Ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(30));
        CaFile = Write("ca.pem", Ca.ExportCertificatePem());

        (ServerCertFile, ServerKeyFile) = Issue("server", "localhost", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        (OtherHostCertFile, OtherHostKeyFile) = Issue("other", "other.example", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        (ExpiredCertFile, ExpiredKeyFile) = Issue("expired", "localhost", DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-2));
        (ClientCertFile, ClientKeyFile) = Issue("client", "squall-client", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7), client: true);

        // The same name signed by a CA nobody trusts.
        using var rogueKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rogue = new CertificateRequest("CN=localhost", rogueKey, HashAlgorithmName.SHA256);
        AddServerExtensions(rogue, "localhost");
        using var rogueCert = rogue.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        UntrustedCertFile = Write("untrusted.pem", rogueCert.ExportCertificatePem());
        UntrustedKeyFile = Write("untrusted.key", rogueKey.ExportPkcs8PrivateKeyPem());
    }

    public string Folder { get; }
    public ECDsa CaKey { get; }
    public X509Certificate2 Ca { get; }
    public string CaFile { get; }
    public string ServerCertFile { get; }
    public string ServerKeyFile { get; }
    public string OtherHostCertFile { get; }
    public string OtherHostKeyFile { get; }
    public string ExpiredCertFile { get; }
    public string ExpiredKeyFile { get; }
    public string UntrustedCertFile { get; }
    public string UntrustedKeyFile { get; }
    public string ClientCertFile { get; }
    public string ClientKeyFile { get; }

    private (string Cert, string Key) Issue(string name, string host, DateTimeOffset from, DateTimeOffset to, bool client = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + host, key, HashAlgorithmName.SHA256);
        if (client)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        }
        else
        {
            AddServerExtensions(request, host);
        }
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        using var cert = request.Create(Ca, from, to, serial);
        return (Write(name + ".pem", cert.ExportCertificatePem()), Write(name + ".key", key.ExportPkcs8PrivateKeyPem()));
    }

    private static void AddServerExtensions(CertificateRequest request, string host)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(host);
        if (host == "localhost")
        {
            san.AddIpAddress(IPAddress.Loopback);
        }
        request.CertificateExtensions.Add(san.Build());
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, pem);
        return path;
    }

    public void Dispose()
    {
        Ca.Dispose();
        CaKey.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>One set of certificates for the whole test assembly (xunit collection fixture).</summary>
[CollectionDefinition("tls")]
public sealed class TlsCollection : ICollectionFixture<TestCertificates>;
