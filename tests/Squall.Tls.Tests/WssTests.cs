using Squall.Http;
using Squall.IO;
using Squall.Web;

namespace Squall.Tls.Tests;

/// <summary>Echoes every message as it came; accepts permessage-deflate when offered.</summary>
public sealed class TlsEchoSocket : WebSocketHandler
{
    public override WebSocketCompressionOptions? GetCompressionOptions() => new();

    public override Future OnMessage(WebSocketMessage message) => WriteMessage(message);
}

/// <summary>Hand-built routes (the runtime alone, no generator): /echo is a WebSocket echo.</summary>
public static class WssRoutes
{
    public static RouteTable Table { get; } = new(Match, new RouteEntry[]
    {
        new("/echo", "TlsEchoSocket", () => new TlsEchoSocket(), (RequestHandler h, ref RouteValues v) => Run(h), false),
    });

    private static int Match(string path, ref RouteValues values) => path == "/echo" ? 0 : -1;

    private static Future Run(RequestHandler instance)
    {
        var handler = (WebSocketHandler)instance;
        handler.RunPrepare().ThrowIfFailed();
        return handler.AcceptWebSocket(static () => Future.Completed);
    }
}

/// <summary>WebSocket over TLS: our wss:// client against our WSS server and against Tornado's client; certificate errors.</summary>
public sealed class WssTests(TestCertificates certs) : TlsTestBase(certs)
{
    private HttpServer ListenWss(string? certFile = null, string? keyFile = null)
    {
        var app = new Application(WssRoutes.Table);
        return app.Listen(0, "127.0.0.1", new HttpServerSettings
        {
            SslOptions = TlsCertificates.ServerOptions(certFile ?? Certs.ServerCertFile, keyFile ?? Certs.ServerKeyFile),
        });
    }

    [Fact]
    public void WssEchoesTextAndBinaryWithCompression() => Run(async () =>
    {
        var server = ListenWss();
        try
        {
            var ws = await Within(WebSocketClient.Connect(new HttpRequest($"wss://localhost:{server.BoundPort}/echo") { CaCerts = Certs.CaFile },
                compression: new WebSocketCompressionOptions()));
            await ws.WriteMessage("hello over wss");
            Assert.Equal("hello over wss", (await Within(ws.ReadMessage()))!.Text);
            var blob = new byte[300_000];
            new Random(5).NextBytes(blob);
            await ws.WriteMessage(blob, binary: true);
            var echoed = (await Within(ws.ReadMessage()))!;
            Assert.True(echoed.IsBinary);
            Assert.True(blob.AsSpan().SequenceEqual(echoed.Data.Span));
            ws.Close();
            Assert.Null(await Within(ws.ReadMessage()));
        }
        finally
        {
            server.Stop();
        }
    });

    [Fact]
    public void WssRefusesAnUntrustedServerWithA599() => Run(async () =>
    {
        var server = ListenWss();
        try
        {
            var error = await Failure(WebSocketClient.Connect($"wss://localhost:{server.BoundPort}/echo"));
            var clientError = Assert.IsType<HttpClientError>(error);
            Assert.Equal(599, clientError.Code);
            Assert.Contains("TLS handshake failed", clientError.Message, StringComparison.Ordinal);
            Assert.Contains("PartialChain", clientError.Message, StringComparison.Ordinal);
        }
        finally
        {
            server.Stop();
        }
    });

    [Fact]
    public void TornadoWebSocketClientOverWss()
    {
        using var server = new ServerOnThread(new Application(WssRoutes.Table),
            sslOptions: TlsCertificates.ServerOptions(Certs.ServerCertFile, Certs.ServerKeyFile));
        const string script = """
            import asyncio, ssl, sys
            from tornado.websocket import websocket_connect
            from tornado.httpclient import HTTPRequest
            async def main():
                ws = await websocket_connect(HTTPRequest(sys.argv[1], ca_certs=sys.argv[2]))
                await ws.write_message("hello from tornado")
                print(await ws.read_message())
                ws.close()
            asyncio.run(main())
            """;
        var (code, output, error) = ExternalProcess.Run(ExternalProcess.Python, ["-c", script, $"wss://localhost:{server.Port}/echo", Certs.CaFile]);
        Assert.True(code == 0, error);
        Assert.Equal("hello from tornado", output.Trim());
    }
}
