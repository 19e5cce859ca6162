using Squall.Http;
using Squall.IO;

namespace Squall.Tls.Tests;

/// <summary>Our HTTPS server against peers we did not write: curl, Python's ssl module through Tornado's client, openssl s_client.</summary>
[Collection("tls")]
public sealed class HttpsServerInteropTests : IDisposable
{
    private readonly TestCertificates _certs;
    private readonly ServerOnThread _server;

    public HttpsServerInteropTests(TestCertificates certs)
    {
        _certs = certs;
        _server = new ServerOnThread(new HttpsHandler(), sslOptions: TlsCertificates.ServerOptions(certs.ServerCertFile, certs.ServerKeyFile));
    }

    public void Dispose() => _server.Dispose();

    [Fact]
    public void CurlVerifiesOurCertificateAndReusesTheConnection()
    {
        var (code, output, error) = ExternalProcess.Run("curl",
        [
            "-sS", "--max-time", "20", "--http1.1", "--cacert", _certs.CaFile, "-w", "|%{http_code}|%{num_connects}\\n",
            _server.Url("/hello"), _server.Url("/protocol"), _server.Url("/hello", "localhost"),
            "--resolve", $"localhost:{_server.Port}:127.0.0.1",
        ]);
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Hello, TLS!|200|1", lines[0]);
        // The second URL went over the same connection (no new connect), and the server knew it was HTTPS.
        Assert.Equal($"https https://127.0.0.1:{_server.Port}/protocol|200|0", lines[1]);
        Assert.Equal("Hello, TLS!|200|1", lines[2]);
    }

    [Fact]
    public void CurlWithoutOurCaRefusesTheServer()
    {
        var (code, _, error) = ExternalProcess.Run("curl", ["-sS", "--max-time", "20", _server.Url("/hello")]);
        Assert.Equal(60, code); // CURLE_PEER_FAILED_VERIFICATION
        Assert.Contains("certificate", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void PythonTornadoClientVerifiesAndPostsOverTls()
    {
        const string script = """
            import sys
            from tornado.httpclient import HTTPClient
            url, ca = sys.argv[1], sys.argv[2]
            client = HTTPClient()
            r = client.fetch(url + "/hello", ca_certs=ca)
            print(r.code, r.body.decode())
            r = client.fetch(url + "/echo", method="POST", body=b"x" * 300000, ca_certs=ca)
            print(r.code, len(r.body), r.body == b"x" * 300000)
            r = client.fetch(url + "/big", ca_certs=ca)
            print(r.code, len(r.body))
            try:
                client.fetch(url + "/hello")
                print("unverified accepted")
            except Exception as e:
                print("refused without ca:", type(e).__name__)
            """;
        var (code, output, error) = ExternalProcess.Run(ExternalProcess.Python, ["-c", script, _server.Url(""), _certs.CaFile]);
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("200 Hello, TLS!", lines[0]);
        Assert.Equal("200 300000 True", lines[1]);
        Assert.Equal("200 1048576", lines[2]);
        Assert.Equal("refused without ca: SSLCertVerificationError", lines[3]);
    }

    [Fact]
    public void PythonSslModuleSeesTls13AndHttp11Alpn()
    {
        const string script = """
            import socket, ssl, sys
            port, ca = int(sys.argv[1]), sys.argv[2]
            ctx = ssl.create_default_context(cafile=ca)
            ctx.set_alpn_protocols(["h2", "http/1.1"])
            with socket.create_connection(("127.0.0.1", port)) as raw:
                with ctx.wrap_socket(raw, server_hostname="localhost") as s:
                    print(s.version(), s.selected_alpn_protocol())
                    s.sendall(b"GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    data = b""
                    while True:
                        chunk = s.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                    print(data.split(b"\r\n")[0].decode(), data.endswith(b"Hello, TLS!"), b"\r\nConnection: close\r\n" in data)
            """;
        var (code, output, error) = ExternalProcess.Run(ExternalProcess.Python, ["-c", script, _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), _certs.CaFile]);
        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // h2 is offered first and never chosen: this server speaks HTTP/1.1 only.
        Assert.Equal("TLSv1.3 http/1.1", lines[0]);
        Assert.Equal("HTTP/1.1 200 OK True True", lines[1]);
    }

    [Theory]
    [InlineData("-tls1_3", "TLSv1.3")]
    [InlineData("-tls1_2", "TLSv1.2")]
    public void OpenSslNegotiatesTls12And13WithAlpn(string flag, string expected)
    {
        var (_, output, error) = SClient(flag, "-alpn", "h2,http/1.1");
        Assert.Contains($"New, {expected}, Cipher is", output, StringComparison.Ordinal);
        Assert.Contains("ALPN protocol: http/1.1", output, StringComparison.Ordinal);
        Assert.Contains("Verify return code: 0 (ok)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenSslOfferingOnlyH2GetsNoAlpn()
    {
        var (_, output, _) = SClient("-tls1_3", "-alpn", "h2");
        Assert.Contains("No ALPN negotiated", output, StringComparison.Ordinal);
        Assert.DoesNotContain("ALPN protocol: h2", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-tls1_1")]
    [InlineData("-tls1")]
    public void TlsBefore12IsRefused(string flag)
    {
        long before = _server.FailedHandshakes;
        // SECLEVEL 0 lets this openssl offer the old versions at all; the server must still refuse them.
        var (code, output, error) = SClient(flag, "-cipher", "DEFAULT:@SECLEVEL=0");
        Assert.NotEqual(0, code);
        Assert.Contains("alert protocol version", error, StringComparison.Ordinal);
        Assert.Contains("Cipher is (NONE)", output, StringComparison.Ordinal);
        Assert.Equal(before + 1, _server.FailedHandshakes);
        // And the server goes on serving.
        Assert.Contains("New, TLSv1.3, Cipher is", SClient("-tls1_3").Output, StringComparison.Ordinal);
    }

    private (int Code, string Output, string Error) SClient(params string[] extra)
    {
        string[] args = ["s_client", "-connect", $"127.0.0.1:{_server.Port}", "-servername", "localhost", "-CAfile", _certs.CaFile, .. extra];
        // "Q" on stdin ends the session once the handshake is done.
        return ExternalProcess.Run("openssl", args, stdin: "Q\n");
    }
}
