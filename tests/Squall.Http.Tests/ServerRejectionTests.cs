namespace Squall.Http.Tests;

/// <summary>
/// The request-smuggling defenses: every malformed or ambiguous request gets its stated status and a closed
/// connection, never a crash. Raw bytes on a real socket.
/// </summary>
public sealed class ServerRejectionTests : IDisposable
{
    private readonly ServerOnThread _server = new(new TestHandler(), new HttpServerSettings { MaxBodySize = 1024, MaxHeaderSize = 4096 });

    public void Dispose() => _server.Dispose();

    public static TheoryData<string, string> Rejections => new()
    {
        // malformed request line
        { "asdf\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET /\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "G(T / HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET /a\x01b HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET noslash HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET / HTTQ/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET / HTTP/1.1\nHost: x\n\n", "HTTP/1.1 400 Bad Request" },
        // unsupported version
        { "GET / HTTP/2.0\r\nHost: x\r\n\r\n", "HTTP/1.1 505 HTTP Version Not Supported" },
        { "GET / HTTP/1.2\r\nHost: x\r\n\r\n", "HTTP/1.1 505 HTTP Version Not Supported" },
        { "GET / HTTP/0.9\r\n\r\n", "HTTP/1.1 505 HTTP Version Not Supported" },
        // malformed header lines
        { "GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET / HTTP/1.1\r\nHost: x\r\n: empty-name\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET / HTTP/1.1\r\nHost : x\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET / HTTP/1.1\r\nHost: x\r\nX-A\t: 1\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\nb\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET / HTTP/1.1\r\nHost: x\r\nX(A): 1\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET / HTTP/1.1\r\nHost: x\r\nX\0A: 1\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        // Host
        { "GET / HTTP/1.1\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        // body framing
        { "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", "HTTP/1.1 400 Bad Request" },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 4\r\n\r\nabcd", "HTTP/1.1 400 Bad Request" },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc", "HTTP/1.1 400 Bad Request" },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0x3\r\n\r\nabc", "HTTP/1.1 400 Bad Request" },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "HTTP/1.1 501 Not Implemented" },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", "HTTP/1.1 501 Not Implemented" },
        { "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        // chunk framing
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloX\r\n0\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n", "HTTP/1.1 400 Bad Request" },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", "HTTP/1.1 400 Bad Request" },
        // sizes
        { "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1025\r\n\r\n", "HTTP/1.1 413 Content Too Large" },
        { "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n401\r\n" + new string('a', 1025) + "\r\n0\r\n\r\n", "HTTP/1.1 413 Content Too Large" },
        { "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + new string('a', 5000) + "\r\n\r\n", "HTTP/1.1 431 Request Header Fields Too Large" },
        { "GET /" + new string('a', 5000) + " HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 431 Request Header Fields Too Large" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void RejectedWithStatusAndClosed(string request, string statusLine)
    {
        using var c = new RawClient(_server.Port);
        c.Send(request);
        var r = c.ReadResponse();
        Assert.Equal(statusLine, r.StatusLine);
        Assert.Equal("close", r.Header("Connection"));
        Assert.Equal(r.Body.Length.ToString(), r.Header("Content-Length"));
        Assert.True(c.IsClosedByServer());
        // The server keeps serving others.
        using var ok = new RawClient(_server.Port);
        ok.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("HTTP/1.1 200 OK", ok.ReadResponse().StatusLine);
    }

    [Fact]
    public void RejectionIsLoggedWithItsReason()
    {
        using var c = new RawClient(_server.Port);
        c.Send("GET / HTTP/1.1\r\nHost : x\r\n\r\n");
        Assert.Equal(400, c.ReadResponse().Status);
        Assert.Contains(_server.Log.Entries, e => e.Message.Contains("Invalid characters in header name", StringComparison.Ordinal));
    }
}
