using Squall.Http;
using Squall.IO;
using Squall.Web;

namespace Squall.Tls.Tests;

/// <summary>
/// A static file over HTTPS cannot go through sendfile (TLS encrypts every byte in user space): it is served by the
/// read-and-flush path, whole and intact, and no byte is handed to sendfile.
/// </summary>
public sealed class HttpsStaticFileTests(TestCertificates certs) : TlsTestBase(certs)
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "squall-https-static-" + Guid.NewGuid().ToString("N"));

    private static readonly RouteTable NoRoutes = new(static (string path, ref RouteValues values) => -1, Array.Empty<RouteEntry>());

    [Fact]
    public void StaticFileOverHttpsIsServedWithoutSendFile() => Run(async () =>
    {
        Directory.CreateDirectory(_root);
        var data = new byte[3 * 1024 * 1024 + 11]; // several 64 KiB pieces and TLS records
        new Random(3).NextBytes(data);
        File.WriteAllBytes(Path.Combine(_root, "big.bin"), data);
        var app = new Application(NoRoutes, new ApplicationSettings { StaticPath = _root });
        var server = app.Listen(0, "127.0.0.1", new HttpServerSettings { SslOptions = ServerOptions() });
        try
        {
            var client = new AsyncHttpClient();
            var whole = await Within(client.Fetch(new HttpRequest($"https://localhost:{server.BoundPort}/static/big.bin") { CaCerts = Certs.CaFile }));
            Assert.Equal(200, whole.Code);
            Assert.True(whole.Body.Span.SequenceEqual(data));
            var range = await Within(client.Fetch(new HttpRequest($"https://localhost:{server.BoundPort}/static/big.bin")
            {
                CaCerts = Certs.CaFile,
                Headers = { { "Range", "bytes=100-199" } },
            }));
            Assert.Equal(206, range.Code);
            Assert.True(range.Body.Span.SequenceEqual(data.AsSpan(100, 100)));
            Assert.Equal(0, server.FileBytesSent);
            client.Dispose();
        }
        finally
        {
            server.Stop();
            server.CloseAllConnections();
            Directory.Delete(_root, recursive: true);
        }
    });
}
