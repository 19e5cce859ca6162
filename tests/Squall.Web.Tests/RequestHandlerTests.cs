using System.Text;

namespace Squall.Web.Tests;

/// <summary>RequestHandler features over real sockets through <see cref="Squall.Testing.AsyncHttpTestServer"/>.</summary>
public sealed class RequestHandlerTests : IClassFixture<WebServerFixture>
{
    private readonly WebServerFixture _fixture;

    public RequestHandlerTests(WebServerFixture fixture) => _fixture = fixture;

    private Squall.Testing.AsyncHttpTestServer Server => _fixture.Server;

    [Fact]
    public void WritesTextWithDefaultContentTypeAndLogsAccess()
    {
        var r = Server.Fetch("/hello");
        Assert.Equal(200, r.Code);
        Assert.Equal("Hello", r.Text);
        Assert.Equal("text/html; charset=UTF-8", r.Headers["Content-Type"]);
        Assert.Contains(_fixture.Log.Lines, l => l.Contains("200 GET /hello (127.0.0.1)"));
    }

    [Fact]
    public void HandlerOutlivingItsRequestCannotTouchALaterResponse()
    {
        Assert.Equal("ok", Server.Fetch("/outlive/first").Text);
        var r = Server.Fetch("/outlive/touch");
        Assert.Equal(200, r.Code);
        Assert.Equal("ok", r.Text);
        Assert.Null(r.Headers["X-Late"]);
    }

    [Fact]
    public void HeadSendsNoBody()
    {
        var r = Server.Fetch("/hello", "HEAD");
        Assert.Equal(200, r.Code);
        Assert.Equal(0, r.Body.Length);
    }

    [Fact]
    public void StatusAndCustomReason()
    {
        Assert.Equal(201, Server.Fetch("/status/201").Code);
        var custom = Server.Fetch("/status/299");
        Assert.Equal(299, custom.Code);
        Assert.Equal("Custom Reason", custom.Reason);
        Assert.Equal(404, Server.Fetch("/status/abc").Code);
    }

    [Fact]
    public void HeadersSetAddClear()
    {
        var r = Server.Fetch("/headers");
        Assert.Equal("one", r.Headers["X-Test"]);
        Assert.Equal(["a", "b"], r.Headers.GetList("X-Multi"));
        Assert.Null(r.Headers["X-Gone"]);
    }

    [Fact]
    public void HeaderValueWithCrLfIsRefusedAs500()
    {
        var r = Server.Fetch("/headers?inject=" + Uri.EscapeDataString("x\r\nSet-Cookie: evil=1"));
        Assert.Equal(500, r.Code);
        Assert.Null(r.Headers["Set-Cookie"]);
        Assert.Contains(_fixture.Log.Lines, l => l.Contains("CR or LF"));
    }

    [Fact]
    public void JsonThroughSourceGeneratedContext()
    {
        var r = Server.Fetch("/json/7");
        Assert.Equal("application/json; charset=UTF-8", r.Headers["Content-Type"]);
        Assert.Equal("{\"Id\":7,\"Name\":\"thing\"}", r.Text);
    }

    [Fact]
    public void QueryArgumentsAndMissingArgumentIs400NamingIt()
    {
        Assert.Equal("name=bob all=1,2", Server.Fetch("/args?name=%20bob%20&x=1&x=2").Text);
        var missing = Server.Fetch("/args");
        Assert.Equal(400, missing.Code);
        Assert.Contains("Missing argument name", missing.Text);
    }

    [Fact]
    public void FormAndMultipartBodies()
    {
        var form = Server.Fetch("/args?q=1", "POST", "name=alice", [new("Content-Type", "application/x-www-form-urlencoded")]);
        Assert.Equal("name=alice q=1 files=", form.Text);
        const string boundary = "XyZ";
        string multipart = $"--{boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\ncarol\r\n" +
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello file\r\n" +
            $"--{boundary}--\r\n";
        var mp = Server.Fetch("/args", "POST", multipart, [new("Content-Type", "multipart/form-data; boundary=" + boundary)]);
        Assert.Equal("name=carol q=- files=a.txt:10", mp.Text);
    }

    [Fact]
    public void Redirects()
    {
        var temp = Server.Fetch("/redirect");
        Assert.Equal(302, temp.Code);
        Assert.Equal("/hello", temp.Headers["Location"]);
        Assert.Equal(301, Server.Fetch("/redirect?permanent=1").Code);
        Assert.Equal("Hello", Server.Fetch("/redirect", followRedirects: true).Text);
    }

    [Fact]
    public void FlushStreamsChunked()
    {
        var r = Server.Fetch("/flush");
        Assert.Equal(200, r.Code);
        Assert.Equal("first;second", r.Text);
        Assert.Equal("chunked", r.Headers["Transfer-Encoding"]);
    }

    [Fact]
    public void UncaughtExceptionIs500WithoutDetailAndLogged()
    {
        var r = Server.Fetch("/boom");
        Assert.Equal(500, r.Code);
        Assert.DoesNotContain("secret detail", r.Text);
        Assert.Contains(_fixture.Log.Lines, l => l.Contains("Uncaught exception GET /boom") && l.Contains("secret detail"));
    }

    [Fact]
    public void HttpErrorFromCoroutine()
    {
        var r = Server.Fetch("/teapot");
        Assert.Equal(418, r.Code);
        Assert.Contains(_fixture.Log.Lines, l => l.Contains("short and stout"));
    }

    [Fact]
    public void NotFoundAndMethodNotAllowed()
    {
        Assert.Equal(404, Server.Fetch("/nowhere").Code);
        var r = Server.Fetch("/hello", "DELETE");
        Assert.Equal(405, r.Code);
        Assert.Equal("GET, HEAD", r.Headers["Allow"]);
    }

    [Fact]
    public void AsyncPrepareAndVerb()
    {
        var r = Server.Fetch("/async/10");
        Assert.Equal("slept 10", r.Text);
        Assert.Equal("yes", r.Headers["X-Prepared"]);
    }

    [Fact]
    public void EtagAnd304()
    {
        var first = Server.Fetch("/etag");
        string etag = first.Headers["Etag"]!;
        Assert.StartsWith("\"", etag);
        var again = Server.Fetch("/etag", headers: [new("If-None-Match", etag)]);
        Assert.Equal(304, again.Code);
        Assert.Equal(0, again.Body.Length);
        Assert.Equal(200, Server.Fetch("/etag", headers: [new("If-None-Match", "\"other\"")]).Code);
    }

    [Fact]
    public void Etag_is_the_body_hash_whatever_body_came_before()
    {
        // The application remembers the last ETag (by the body itself up to 64 bytes, by hash above): bodies that
        // alternate, share a length or differ by one byte must each get their own hash, and the lengths (1 to 5 digits)
        // must be framed right.
        int[] lengths = [0, 1, 9, 10, 13, 64, 65, 99, 100, 999, 1000, 9999, 10000, 12345];
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (int length in lengths)
            {
                foreach (string fill in new[] { "a", "b" })
                {
                    var r = Server.Fetch($"/etag/{length}/{fill}");
                    Assert.Equal(200, r.Code);
                    Assert.Equal(length.ToString(), r.Headers["Content-Length"]);
                    Assert.Equal(length, r.Body.Length);
                    var body = System.Text.Encoding.ASCII.GetBytes(new string(fill[0], length));
                    string expected = "\"" + Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash(body)) + "\"";
                    Assert.Equal(expected, r.Headers["Etag"]);
                }
            }
        }
        var same = Server.Fetch("/etag/13/a");
        Assert.Equal(304, Server.Fetch("/etag/13/a", headers: [new("If-None-Match", same.Headers["Etag"]!)]).Code);
        Assert.Equal(200, Server.Fetch("/etag/13/b", headers: [new("If-None-Match", same.Headers["Etag"]!)]).Code);
    }

    [Fact]
    public void GzipWhenAcceptedWithVary()
    {
        var plain = Server.Fetch("/big");
        Assert.Null(plain.Headers["Content-Encoding"]);
        Assert.Equal("Accept-Encoding", plain.Headers["Vary"]);
        var gz = Server.Fetch("/big", headers: [new("Accept-Encoding", "gzip")]);
        Assert.Equal("gzip", gz.Headers["Content-Encoding"]);
        Assert.True(gz.Body.Length < plain.Body.Length / 5);
        using var unzip = new System.IO.Compression.GZipStream(new MemoryStream(gz.Body.ToArray()), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(unzip);
        Assert.Equal(plain.Text, reader.ReadToEnd());
    }

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("GZIP;q=1", true)]
    [InlineData("x-gzip", true)]
    [InlineData("deflate, gzip;q=0.5", true)]
    [InlineData("gzip;q=0.001", true)]
    [InlineData("*", true)]
    [InlineData("br, *;q=0.1", true)]
    [InlineData("gzip;q=0", false)]
    [InlineData("gzip;q=0.0", false)]
    [InlineData("gzip; q=0", false)]
    [InlineData("gzip ; q=0.000", false)]
    [InlineData("gzip;Q=0", false)]
    [InlineData("*;q=0", false)]
    [InlineData("*;q=0.0, br", false)]
    [InlineData("gzip;q=0, *", false)]
    [InlineData("gzip;q=2", false)]
    [InlineData("gzip;q=0.0001", false)]
    [InlineData("identity", false)]
    [InlineData("", false)]
    public void GzipFollowsAcceptEncodingWeights(string acceptEncoding, bool gzip)
    {
        var r = Server.Fetch("/big", headers: [new("Accept-Encoding", acceptEncoding)]);
        Assert.Equal(200, r.Code);
        Assert.Equal(gzip ? "gzip" : null, r.Headers["Content-Encoding"]);
    }

    [Fact]
    public void CookiesAndSignedCookiesRejectTampering()
    {
        var set = Server.Fetch("/cookies", "POST", "");
        var cookies = set.Headers.GetList("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        Assert.Contains("plain=v1", cookies);
        string signed = cookies.Single(c => c.StartsWith("who=", StringComparison.Ordinal));
        Assert.Equal("got=v1 signed=alice", Server.Fetch("/cookies", headers: [new("Cookie", "plain=v1; " + signed)]).Text);

        string value = signed["who=".Length..];
        var parts = value.Split('|');
        string forgedValue = Convert.ToBase64String(Encoding.UTF8.GetBytes("mallory")).TrimEnd('=');
        string[] tampered =
        [
            forgedValue + "|" + parts[1] + "|" + parts[2],                   // other value, old signature
            parts[0] + "|" + (long.Parse(parts[1]) + 1) + "|" + parts[2],     // other timestamp
            parts[0] + "|" + parts[1] + "|" + new string('0', parts[2].Length), // zero signature
            parts[0] + "|" + parts[1],                                        // no signature
        ];
        foreach (var t in tampered)
            Assert.Equal("got=- signed=-", Server.Fetch("/cookies", headers: [new("Cookie", "who=" + t)]).Text);
    }

    [Fact]
    public void StreamedUploadOf200MiBDoesNotBuffer()
    {
        const long size = 200L * 1024 * 1024;
        GC.Collect();
        long before = Environment.WorkingSet;
        long peak = before;
        using var sampling = new Timer(_ => Interlocked.Exchange(ref peak, Math.Max(Interlocked.Read(ref peak), Environment.WorkingSet)), null, 0, 50);
        var chunk = new byte[64 * 1024];
        new Random(42).NextBytes(chunk);
        uint sum = 0;
        for (long sent = 0; sent < size; sent += chunk.Length)
            foreach (var b in chunk) sum = unchecked(sum * 31 + b);

        using var client = new System.Net.Sockets.TcpClient();
        client.Connect("127.0.0.1", Server.Port);
        client.ReceiveTimeout = 30000;
        client.SendTimeout = 30000;
        var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes($"PUT /upload HTTP/1.1\r\nHost: t\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n"));
        for (long sent = 0; sent < size; sent += chunk.Length) stream.Write(chunk);
        using var reader = new StreamReader(stream);
        string response = reader.ReadToEnd();
        Assert.StartsWith("HTTP/1.1 200", response);
        Assert.EndsWith($"bytes={size} sum={sum}", response);
        long growth = Interlocked.Read(ref peak) - before;
        Assert.True(growth < 64L * 1024 * 1024, $"the process grew by {growth / 1048576} MiB while streaming 200 MiB");
    }

    [Fact]
    public void ClientGoingAwayCallsOnConnectionClose()
    {
        WaitHandler.Reset();
        using (var client = new System.Net.Sockets.TcpClient())
        {
            client.Connect("127.0.0.1", Server.Port);
            client.GetStream().Write("GET /wait HTTP/1.1\r\nHost: t\r\n\r\n"u8);
            Assert.True(WaitHandler.Waiting.Task.Wait(TimeSpan.FromSeconds(30)), "the handler is waiting");
            Assert.False(WaitHandler.Closed.Task.IsCompleted);
        }
        Assert.True(WaitHandler.Closed.Task.Wait(TimeSpan.FromSeconds(30)), "OnConnectionClose ran");
    }
}

/// <summary>Pooled handlers start every request clean.</summary>
public sealed class PooledHandlerTests : IClassFixture<WebServerFixture>
{
    private readonly WebServerFixture _fixture;

    public PooledHandlerTests(WebServerFixture fixture) => _fixture = fixture;

    [Fact]
    public void NoStateLeaksBetweenRequests()
    {
        for (int i = 0; i < 20; i++)
        {
            var headers = _fixture.Server.Fetch("/headers");
            Assert.Equal("one", headers.Headers["X-Test"]);
            Assert.Equal(2, headers.Headers.GetList("X-Multi").Count);
            var status = _fixture.Server.Fetch("/status/201");
            Assert.Equal(201, status.Code);
            var hello = _fixture.Server.Fetch("/hello");
            Assert.Equal(200, hello.Code);
            Assert.Equal("Hello", hello.Text);
            Assert.Null(hello.Headers["X-Test"]);
        }
    }
}
