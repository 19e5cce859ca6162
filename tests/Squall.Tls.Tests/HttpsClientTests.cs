using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Squall.Http;
using Squall.IO;

namespace Squall.Tls.Tests;

/// <summary>AsyncHttpClient over https:// against our server, Kestrel HTTPS in-process and Tornado HTTPS; certificate errors are 599s that say why.</summary>
public sealed class HttpsClientTests(TestCertificates certs) : TlsTestBase(certs)
{
    private ServerOnThread Serve(string certFile, string keyFile, Action<HttpServerSettings>? configure = null)
    {
        var settings = new HttpServerSettings { SslOptions = TlsCertificates.ServerOptions(certFile, keyFile) };
        configure?.Invoke(settings);
        return new ServerOnThread(new HttpsHandler(), settings);
    }

    [Fact]
    public void FetchesOverHttpsAndReusesTheConnectionPerScheme()
    {
        using var server = Serve(Certs.ServerCertFile, Certs.ServerKeyFile);
        var client = new AsyncHttpClient();
        var (hello, echo, big, again) = Run(async () =>
        {
            var a = await client.Fetch(new HttpRequest(server.Url("/protocol")) { CaCerts = Certs.CaFile });
            var b = await client.Fetch(new HttpRequest(server.Url("/echo")) { CaCerts = Certs.CaFile, Method = "POST", Body = new byte[200_000] });
            var c = await client.Fetch(new HttpRequest(server.Url("/big", "localhost")) { CaCerts = Certs.CaFile });
            var d = await client.Fetch(new HttpRequest(server.Url("/hello")) { CaCerts = Certs.CaFile });
            return (a, b, c, d);
        });
        Assert.Equal($"https https://127.0.0.1:{server.Port}/protocol", hello.Text);
        Assert.Equal(200_000, echo.Body.Length);
        Assert.Equal(HttpsHandler.BigText, big.Text);
        Assert.Equal("Hello, TLS!", again.Text);
        // 127.0.0.1 and localhost are two pool entries; the three 127.0.0.1 requests shared one connection.
        Assert.Equal(2, server.ConnectionCount);

        // The same host and port over plain http must not reuse a TLS connection: it is a new connection, and the
        // TLS server refuses its cleartext request.
        var plain = Run(async () => await Failure(client.Fetch(new HttpRequest($"http://127.0.0.1:{server.Port}/hello") { RequestTimeout = TimeSpan.FromSeconds(20) })));
        Assert.Equal(599, Assert.IsType<HttpClientError>(plain).Code);
        client.Dispose();
    }

    [Fact]
    public void AnUntrustedCaIsA599SayingWhy()
    {
        using var server = Serve(Certs.ServerCertFile, Certs.ServerKeyFile);
        // No CaCerts: the system store does not know our throwaway CA.
        var error = FetchFailure(new HttpRequest(server.Url("/hello")));
        Assert.Equal(599, error.Code);
        // The chain cannot reach a root the system knows.
        Assert.Equal("HTTP 599: TLS handshake failed: The remote certificate is invalid because of errors in the certificate chain: PartialChain", error.Message);
    }

    [Fact]
    public void ASelfSignedCertificateFromAnotherCaIsRefused()
    {
        using var server = Serve(Certs.UntrustedCertFile, Certs.UntrustedKeyFile);
        var error = FetchFailure(new HttpRequest(server.Url("/hello")) { CaCerts = Certs.CaFile });
        Assert.Equal(599, error.Code);
        Assert.Equal("HTTP 599: TLS handshake failed: The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot", error.Message);
        // ValidateCert = false accepts it (Tornado's validate_cert=False).
        var response = Run(() => new AsyncHttpClient().Fetch(new HttpRequest(server.Url("/hello")) { ValidateCert = false }));
        Assert.Equal("Hello, TLS!", response.Text);
    }

    [Fact]
    public void AnExpiredCertificateIsRefused()
    {
        using var server = Serve(Certs.ExpiredCertFile, Certs.ExpiredKeyFile);
        var error = FetchFailure(new HttpRequest(server.Url("/hello")) { CaCerts = Certs.CaFile });
        Assert.Equal(599, error.Code);
        Assert.Contains("NotTimeValid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACertificateForAnotherHostIsRefused()
    {
        using var server = Serve(Certs.OtherHostCertFile, Certs.OtherHostKeyFile);
        var error = FetchFailure(new HttpRequest(server.Url("/hello", "localhost")) { CaCerts = Certs.CaFile });
        Assert.Equal(599, error.Code);
        Assert.Contains("RemoteCertificateNameMismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PresentsAClientCertificateWhenTheServerRequiresOne()
    {
        var ca = Certs.Ca;
        using var server = Serve(Certs.ServerCertFile, Certs.ServerKeyFile, s =>
        {
            s.SslOptions!.ClientCertificateRequired = true;
            s.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.Issuer == ca.Subject;
        });
        var response = Run(() => new AsyncHttpClient().Fetch(new HttpRequest(server.Url("/hello"))
        {
            CaCerts = Certs.CaFile, ClientCert = Certs.ClientCertFile, ClientKey = Certs.ClientKeyFile,
        }));
        Assert.Equal("Hello, TLS!", response.Text);
        var refused = FetchFailure(new HttpRequest(server.Url("/hello")) { CaCerts = Certs.CaFile });
        Assert.Equal(599, refused.Code);
    }

    [Fact]
    public void AgainstKestrelHttps()
    {
        var cert = TlsCertificates.LoadPem(Certs.ServerCertFile, Certs.ServerKeyFile);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, l => l.UseHttps(cert)));
        var app = builder.Build();
        app.MapGet("/hello", (Microsoft.AspNetCore.Http.HttpContext ctx) => $"Hello from Kestrel over {ctx.Request.Scheme} {ctx.Request.Protocol}");
        app.MapPost("/echo", async (Microsoft.AspNetCore.Http.HttpContext ctx) =>
        {
            using var ms = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(ms);
            return ms.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        try
        {
            int port = new Uri(app.Urls.First()).Port;
            var client = new AsyncHttpClient();
            var (hello, posted) = Run(async () =>
            {
                var a = await client.Fetch(new HttpRequest($"https://localhost:{port}/hello") { CaCerts = Certs.CaFile });
                var b = await client.Fetch(new HttpRequest($"https://localhost:{port}/echo") { CaCerts = Certs.CaFile, Method = "POST", Body = new byte[1 << 20] });
                return (a, b);
            });
            Assert.Equal("Hello from Kestrel over https HTTP/1.1", hello.Text);
            Assert.Equal("Kestrel", hello.Headers["Server"]);
            Assert.Equal("1048576", posted.Text);
            var wrongName = FetchFailure(new HttpRequest($"https://127.0.0.2:{port}/hello") { CaCerts = Certs.CaFile });
            Assert.Equal(599, wrongName.Code);
        }
        finally
        {
            app.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        }
    }

    [Fact]
    public void AgainstTornadoHttps()
    {
        const string script = """
            import asyncio, ssl, sys
            import tornado.web
            from tornado.httpserver import HTTPServer
            from tornado.netutil import bind_sockets
            class Hello(tornado.web.RequestHandler):
                def get(self):
                    self.write("Hello from Tornado over " + self.request.protocol)
                def post(self):
                    self.write(str(len(self.request.body)))
            async def main():
                ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                ctx.load_cert_chain(sys.argv[1], sys.argv[2])
                app = tornado.web.Application([(r"/hello", Hello)])
                server = HTTPServer(app, ssl_options=ctx)
                sockets = bind_sockets(0, "127.0.0.1")
                server.add_sockets(sockets)
                print(sockets[0].getsockname()[1], flush=True)
                await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
            asyncio.run(main())
            """;
        var psi = new ProcessStartInfo(ExternalProcess.Python) { RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", script, Certs.ServerCertFile, Certs.ServerKeyFile }) psi.ArgumentList.Add(a);
        using var tornado = Process.Start(psi)!;
        try
        {
            var portLine = tornado.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            Assert.True(portLine is not null, "the Tornado server printed no port");
            int port = int.Parse(portLine!, System.Globalization.CultureInfo.InvariantCulture);
            var client = new AsyncHttpClient();
            var (hello, posted) = Run(async () =>
            {
                var a = await client.Fetch(new HttpRequest($"https://localhost:{port}/hello") { CaCerts = Certs.CaFile });
                var b = await client.Fetch(new HttpRequest($"https://localhost:{port}/hello") { CaCerts = Certs.CaFile, Method = "POST", Body = new byte[300_000] });
                return (a, b);
            });
            Assert.Equal("Hello from Tornado over https", hello.Text);
            Assert.StartsWith("TornadoServer", hello.Headers["Server"], StringComparison.Ordinal);
            Assert.Equal("300000", posted.Text);
            var untrusted = FetchFailure(new HttpRequest($"https://localhost:{port}/hello"));
            Assert.Equal(599, untrusted.Code);
            Assert.Contains("PartialChain", untrusted.Message, StringComparison.Ordinal);
        }
        finally
        {
            tornado.StandardInput.Close(); // ends the server
            if (!tornado.WaitForExit(20_000)) tornado.Kill(entireProcessTree: true);
        }
    }

    private HttpClientError FetchFailure(HttpRequest request) =>
        Assert.IsType<HttpClientError>(Run(async () => await Failure(new AsyncHttpClient().Fetch(request))));
}
