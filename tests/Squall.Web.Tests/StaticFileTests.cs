using System.Net.Sockets;
using System.Text;
using Squall.Testing;

namespace Squall.Web.Tests;

/// <summary>StaticFileHandler: headers, conditional requests, ranges, and every way out of the root refused.</summary>
public sealed class StaticFileTests : IDisposable
{
    private const string Secret = "TOP-SECRET-CONTENT";
    private readonly string _base;
    private readonly string _root;
    private readonly AsyncHttpTestServer _server;
    private readonly byte[] _large;

    public StaticFileTests()
    {
        _base = Path.Combine(Path.GetTempPath(), "squall-static-" + Guid.NewGuid().ToString("N"));
        _root = Path.Combine(_base, "root");
        Directory.CreateDirectory(Path.Combine(_root, "sub"));
        File.WriteAllText(Path.Combine(_root, "hello.txt"), "Hello, static world");
        File.WriteAllText(Path.Combine(_root, "sub", "style.css"), "body{}");
        _large = new byte[1024 * 1024 + 17];
        new Random(7).NextBytes(_large);
        File.WriteAllBytes(Path.Combine(_root, "large.bin"), _large);
        File.WriteAllText(Path.Combine(_base, "secret.txt"), Secret);
        Directory.CreateDirectory(Path.Combine(_base, "outside"));
        File.WriteAllText(Path.Combine(_base, "outside", "secret.txt"), Secret);
        File.CreateSymbolicLink(Path.Combine(_root, "filelink.txt"), Path.Combine(_base, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "dirlink"), Path.Combine(_base, "outside"));
        File.CreateSymbolicLink(Path.Combine(_root, "inside-link.txt"), "hello.txt");
        FilesHandler.Directory = _root;
        _server = new AsyncHttpTestServer(Squall.Generated.Routes.Table,
            new ApplicationSettings { StaticPath = _root, Logger = new ListLogger(), CompressResponse = true });
    }

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_base, recursive: true);
    }

    [Fact]
    public void ServesWithTypeEtagAndLastModified()
    {
        var r = _server.Fetch("/static/hello.txt");
        Assert.Equal(200, r.Code);
        Assert.Equal("Hello, static world", r.Text);
        Assert.Equal("text/plain; charset=UTF-8", r.Headers["Content-Type"]);
        Assert.Equal("\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("Hello, static world"u8)) + "\"", r.Headers["Etag"]);
        var modified = File.GetLastWriteTimeUtc(Path.Combine(_root, "hello.txt"));
        Assert.Equal(new DateTimeOffset(modified.Ticks - modified.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).ToString("R"), r.Headers["Last-Modified"]);
        Assert.Equal("text/css; charset=UTF-8", _server.Fetch("/static/sub/style.css").Headers["Content-Type"]);
        Assert.Equal("Hello, static world", _server.Fetch("/static/inside-link.txt").Text);
    }

    [Fact]
    public void HashingAFileThatIsNotReadyDoesNotStallTheLoop()
    {
        // A FIFO's reader waits for its writer: hashing it on the loop thread would freeze every connection.
        string fifo = Path.Combine(_root, "slow.txt");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        var slow = _server.FetchAsync("/static/slow.txt");
        // Opening the write end returns once the server has opened the read end: the hash is under way and waiting.
        using (var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write))
        {
            try
            {
                var other = _server.Fetch("/static/hello.txt");
                Assert.Equal("Hello, static world", other.Text);
                Assert.False(slow.IsCompleted);
            }
            finally
            {
                writer.Write("late content"u8);
            }
        }
        Assert.True(slow.Wait(TimeSpan.FromSeconds(30)));
        string expected = "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("late content"u8)) + "\"";
        Assert.Equal(expected, slow.Result.Headers["Etag"]);
    }

    [Fact]
    public void TheHashCacheIsBoundedAndKeepsTheRecentlyUsed()
    {
        var cache = new ContentHashCache(capacity: 3);
        cache.Set("/a", 1, 10, "ha");
        cache.Set("/b", 1, 10, "hb");
        cache.Set("/c", 1, 10, "hc");
        Assert.Equal("ha", cache.Get("/a", 1, 10)); // /a is now the most recent: /b is the eldest
        cache.Set("/d", 1, 10, "hd");
        Assert.Equal(3, cache.Count);
        Assert.Null(cache.Get("/b", 1, 10));
        Assert.Equal(("ha", "hc", "hd"), (cache.Get("/a", 1, 10), cache.Get("/c", 1, 10), cache.Get("/d", 1, 10)));
        // A changed file replaces its own entry instead of adding one.
        cache.Set("/a", 2, 11, "ha2");
        Assert.Equal(3, cache.Count);
        Assert.Null(cache.Get("/a", 1, 10));
        Assert.Equal("ha2", cache.Get("/a", 2, 11));
        Assert.Equal(4096, StaticFiles.Hashes.Capacity);
    }

    [Fact]
    public void ConditionalRequestsGet304()
    {
        var r = _server.Fetch("/static/hello.txt");
        Assert.Equal(304, _server.Fetch("/static/hello.txt", headers: [new("If-None-Match", r.Headers["Etag"]!)]).Code);
        Assert.Equal(304, _server.Fetch("/static/hello.txt", headers: [new("If-Modified-Since", r.Headers["Last-Modified"]!)]).Code);
        Assert.Equal(200, _server.Fetch("/static/hello.txt", headers: [new("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT")]).Code);
    }

    [Fact]
    public void SingleRangesGet206Or416()
    {
        var first = _server.Fetch("/static/hello.txt", headers: [new("Range", "bytes=0-4")]);
        Assert.Equal(206, first.Code);
        Assert.Equal("Hello", first.Text);
        Assert.Equal("bytes 0-4/19", first.Headers["Content-Range"]);
        var suffix = _server.Fetch("/static/hello.txt", headers: [new("Range", "bytes=-5")]);
        Assert.Equal("world", suffix.Text);
        var open = _server.Fetch("/static/hello.txt", headers: [new("Range", "bytes=7-")]);
        Assert.Equal("static world", open.Text);
        var bad = _server.Fetch("/static/hello.txt", headers: [new("Range", "bytes=100-")]);
        Assert.Equal(416, bad.Code);
        Assert.Equal("bytes */19", bad.Headers["Content-Range"]);
    }

    [Fact]
    public void LargeFileStreamsIntact()
    {
        var r = _server.Fetch("/static/large.bin");
        Assert.Equal(200, r.Code);
        Assert.True(r.Body.Span.SequenceEqual(_large));
        var sub = _server.Fetch("/files/large.bin", headers: [new("Range", "bytes=1048570-1048579")]);
        Assert.Equal(206, sub.Code);
        Assert.True(sub.Body.Span.SequenceEqual(_large.AsSpan(1048570, 10)));
    }

    [Theory]
    [InlineData("/static/../secret.txt")]
    [InlineData("/static/%2e%2e/secret.txt")]
    [InlineData("/static/%2E%2E%2Fsecret.txt")]
    [InlineData("/static/sub/../../secret.txt")]
    [InlineData("/static/..%2f..%2f..%2f..%2fetc%2fpasswd")]
    [InlineData("/static//etc/passwd")]
    [InlineData("/static/%2fetc%2fpasswd")]
    [InlineData("/static/filelink.txt")]
    [InlineData("/static/dirlink/secret.txt")]
    [InlineData("/static/hello.txt%00.png")]
    [InlineData("/static/sub")]
    [InlineData("/files/../secret.txt")]
    [InlineData("/files/%2e%2e/secret.txt")]
    [InlineData("/files/dirlink/secret.txt")]
    public void NeverEscapesTheRoot(string target)
    {
        var (status, body) = RawGet(target);
        Assert.True(status is 400 or 403 or 404, $"{target} → {status}");
        Assert.DoesNotContain(Secret, body);
        Assert.DoesNotContain("root:", body);
    }

    [Fact]
    public void StaticUrlCarriesAContentVersionAndCachesLong()
    {
        string url = _server.Fetch("/static-url").Text;
        Assert.Matches("^/static/hello\\.txt\\?v=[0-9a-f]{32}$", url);
        var r = _server.Fetch(url);
        Assert.Equal(200, r.Code);
        Assert.Contains("max-age=", r.Headers["Cache-Control"]);
    }

    [Fact]
    public void RedirectHandlerSubclass()
    {
        var r = _server.Fetch("/old?x=1");
        Assert.Equal(301, r.Code);
        Assert.Equal("/hello?x=1", r.Headers["Location"]);
    }

    private (int Status, string Body) RawGet(string target)
    {
        using var client = new TcpClient();
        client.Connect("127.0.0.1", _server.Port);
        client.ReceiveTimeout = 10000;
        var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
        string response = new StreamReader(stream, Encoding.Latin1).ReadToEnd();
        int status = int.Parse(response.AsSpan(9, 3));
        return (status, response);
    }
}
