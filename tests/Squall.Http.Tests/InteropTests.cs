using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Squall.Http.Tests;

/// <summary>Interop with other implementations: System.Net.Http and curl against our server, our client against Kestrel.</summary>
public sealed class InteropTests : IDisposable
{
    private readonly ServerOnThread _server = new(new TestHandler(), new HttpServerSettings { MaxBodySize = 64 * 1024 * 1024 });

    public void Dispose() => _server.Dispose();

    private string Url(string path) => $"http://127.0.0.1:{_server.Port}{path}";

    [Fact]
    public async Task SystemNetHttpClientReusesOneConnection()
    {
        using var client = new System.Net.Http.HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal("Hello, World!", await client.GetStringAsync(Url("/hello")));
        }
        Assert.Equal(1, _server.ConnectionCount);
    }

    [Fact]
    public async Task SystemNetHttpClientChunkedUploadAndLargeBody()
    {
        using var client = new System.Net.Http.HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var payload = new byte[8 * 1024 * 1024];
        new Random(42).NextBytes(payload);
        // A stream content of unknown length goes out chunked.
        using var content = new StreamContent(new NonSeekableStream(payload));
        var request = new HttpRequestMessage(HttpMethod.Post, Url("/echo")) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(payload, await response.Content.ReadAsByteArrayAsync());

        using var large = await client.PostAsync(Url("/echo"), new ByteArrayContent(payload));
        Assert.Equal(payload.Length, (await large.Content.ReadAsByteArrayAsync()).Length);
        var big = await client.GetByteArrayAsync(Url("/big"));
        Assert.Equal(1024 * 1024, big.Length);
    }

    [Fact]
    public void CurlAgainstOurServer()
    {
        var (code, output) = RunCurl($"-sS -i --http1.1 {Url("/hello")} {Url("/path?a=b")}");
        Assert.Equal(0, code);
        Assert.Contains("HTTP/1.1 200 OK", output, StringComparison.Ordinal);
        Assert.Contains("Hello, World!", output, StringComparison.Ordinal);
        Assert.Contains("/path|a=b|HTTP/1.1", output, StringComparison.Ordinal);
        var (code2, posted) = RunCurl($"-sS --http1.1 -H \"Transfer-Encoding: chunked\" --data-binary hello-curl {Url("/echo")}");
        Assert.Equal(0, code2);
        Assert.Equal("hello-curl", posted);
        var (code3, form) = RunCurl($"-sS --http1.1 -F field=v -F \"up=@{WriteTemp("upload!")};filename=u.txt;type=text/plain\" {Url("/args")}");
        Assert.Equal(0, code3);
        Assert.Equal("field=v;file:up=u.txt/text/plain/upload!;", form);
    }

    private static string WriteTemp(string text)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Output) RunCurl(string arguments)
    {
        var psi = new ProcessStartInfo("curl", "--max-time 20 " + arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(30000), "curl did not finish");
        return (p.ExitCode, p.ExitCode == 0 ? output : error);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}

/// <summary>Our client against Kestrel started in the test process on 127.0.0.1:0.</summary>
public sealed class KestrelInteropTests : IAsyncLifetime
{
    private WebApplication? _app;
    private int _port;
    private readonly IOLoop _loop = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapGet("/hello", () => "Hello from Kestrel");
        _app.MapGet("/chunked", async (HttpContext ctx) =>
        {
            for (int i = 0; i < 5; i++)
            {
                await ctx.Response.WriteAsync($"part{i};");
                await ctx.Response.Body.FlushAsync();
            }
        });
        _app.MapGet("/gzip", async (HttpContext ctx) =>
        {
            ctx.Response.Headers.ContentEncoding = "gzip";
            var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(Encoding.UTF8.GetBytes(new string('z', 10000)));
            await ctx.Response.Body.WriteAsync(ms.ToArray());
        });
        _app.MapGet("/deflate", async (HttpContext ctx) =>
        {
            ctx.Response.Headers.ContentEncoding = "deflate";
            var ms = new MemoryStream();
            using (var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true)) z.Write("deflated!"u8);
            await ctx.Response.Body.WriteAsync(ms.ToArray());
        });
        _app.MapGet("/redirect", () => Results.Redirect("/hello"));
        _app.MapPost("/echo", async (HttpContext ctx) =>
        {
            using var reader = new StreamReader(ctx.Request.Body);
            return ctx.Request.Method + ":" + await reader.ReadToEndAsync();
        });
        _app.MapPost("/temp-redirect", () => Results.Redirect("/echo", permanent: false, preserveMethod: true));
        await _app.StartAsync();
        var address = _app.Urls.First();
        _port = new Uri(address).Port;
        _loop.MakeCurrent();
    }

    public async Task DisposeAsync()
    {
        _loop.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }

    private string Url(string path) => $"http://127.0.0.1:{_port}{path}";

    private T Run<T>(Func<Future<T>> body) => _loop.RunSync(body, TimeSpan.FromSeconds(20));

    [Fact]
    public void ChunkedGzipDeflateAndRedirectsFromKestrel()
    {
        var client = new AsyncHttpClient();
        var (hello, chunked, gzip, deflate, redirect, temp) = Run(async () =>
        {
            var a = await client.Fetch(Url("/hello"));
            var b = await client.Fetch(Url("/chunked"));
            var c = await client.Fetch(Url("/gzip"));
            var d = await client.Fetch(Url("/deflate"));
            var e = await client.Fetch(Url("/redirect"));
            var f = await client.Fetch(new HttpRequest(Url("/temp-redirect")) { Method = "POST", Body = "kept"u8.ToArray() });
            return (a, b, c, d, e, f);
        });
        Assert.Equal("Hello from Kestrel", hello.Text);
        Assert.Equal("Kestrel", hello.Headers["Server"]);
        Assert.Equal("chunked", chunked.Headers["Transfer-Encoding"]);
        Assert.Equal("part0;part1;part2;part3;part4;", chunked.Text);
        Assert.Equal(new string('z', 10000), gzip.Text);
        Assert.Equal("gzip", gzip.Headers["X-Consumed-Content-Encoding"]);
        Assert.Equal("deflated!", deflate.Text);
        Assert.Equal("Hello from Kestrel", redirect.Text);
        Assert.Equal(Url("/hello"), redirect.EffectiveUrl);
        Assert.Equal("POST:kept", temp.Text);
    }
}
