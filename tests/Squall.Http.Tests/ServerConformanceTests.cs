using System.Text;

namespace Squall.Http.Tests;

/// <summary>Black-box HTTP/1.1 conformance: raw bytes on a real socket, exact status lines and headers asserted.</summary>
public sealed class ServerConformanceTests : IDisposable
{
    private readonly TestHandler _handler = new();
    private readonly ServerOnThread _server;

    public ServerConformanceTests() => _server = new ServerOnThread(_handler, new HttpServerSettings { MaxBodySize = 1024 * 1024, MaxHeaderSize = 8 * 1024 });

    public void Dispose() => _server.Dispose();

    private RawClient Connect() => new(_server.Port);

    [Fact]
    public void SimpleGetHasStatusLineDateServerAndContentLength()
    {
        using var c = Connect();
        c.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        var r = c.ReadResponse();
        Assert.Equal("HTTP/1.1 200 OK", r.StatusLine);
        Assert.Equal("13", r.Header("Content-Length"));
        Assert.Equal("text/plain", r.Header("Content-Type"));
        Assert.Equal("Squall", r.Header("Server"));
        Assert.True(DateTimeOffset.TryParse(r.Header("Date"), out _));
        Assert.Null(r.Header("Connection"));
        Assert.Equal("Hello, World!", r.BodyText);
    }

    [Fact]
    public void KeepAliveServesSeveralRequestsOnOneConnection()
    {
        using var c = Connect();
        for (int i = 0; i < 5; i++)
        {
            c.Send($"GET /path?i={i} HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal($"/path|i={i}|HTTP/1.1", c.ReadResponse().BodyText);
        }
    }

    [Fact]
    public void PipelinedRequestsAreAnsweredInOrder()
    {
        using var c = Connect();
        c.Send("GET /path?n=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /async HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
        Assert.Equal("/path|n=1|HTTP/1.1", c.ReadResponse().BodyText);
        Assert.Equal("async hello", c.ReadResponse().BodyText);
        Assert.Equal("abc", c.ReadResponse().BodyText);
    }

    [Fact]
    public void PipelinedResponsesLeaveInOneSend()
    {
        using var c = Connect();
        c.Send(string.Concat(Enumerable.Repeat("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n", 16)));
        for (int i = 0; i < 16; i++) Assert.Equal("Hello, World!", c.ReadResponse().BodyText);
        // One write of 16 requests arrives in one read on loopback; all 16 responses go out with one send.
        Assert.Equal(1, _server.SendCalls);
    }

    [Fact]
    public void Http10ClosesAfterResponse()
    {
        using var c = Connect();
        c.Send("GET /path HTTP/1.0\r\n\r\n");
        var r = c.ReadResponse();
        Assert.Equal("HTTP/1.1 200 OK", r.StatusLine);
        Assert.Equal("close", r.Header("Connection"));
        Assert.Equal("/path||HTTP/1.0", r.BodyText);
        Assert.True(c.IsClosedByServer());
    }

    [Fact]
    public void Http10KeepAliveIsHonoured()
    {
        using var c = Connect();
        c.Send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        var r = c.ReadResponse();
        Assert.Equal("keep-alive", r.Header("Connection"));
        c.Send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        Assert.Equal("Hello, World!", c.ReadResponse().BodyText);
    }

    [Fact]
    public void Http10FlushedResponseStreamsAndCloses()
    {
        using var c = Connect();
        c.Send("GET /flush HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        var r = c.ReadResponse();
        Assert.Null(r.Header("Transfer-Encoding"));
        Assert.Null(r.Header("Content-Length"));
        Assert.Equal("first,second", r.BodyText);
    }

    [Fact]
    public void FlushBeforeFinishIsChunkedOnHttp11()
    {
        using var c = Connect();
        c.Send("GET /flush HTTP/1.1\r\nHost: x\r\n\r\n");
        var r = c.ReadResponse();
        Assert.Equal("chunked", r.Header("Transfer-Encoding"));
        Assert.Null(r.Header("Content-Length"));
        Assert.Equal("first,second", r.BodyText);
        c.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("Hello, World!", c.ReadResponse().BodyText);
    }

    [Fact]
    public void ConnectionCloseFromClientIsHonoured()
    {
        using var c = Connect();
        c.Send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal("Hello, World!", c.ReadResponse().BodyText);
        Assert.True(c.IsClosedByServer());
    }

    [Fact]
    public void ConnectionCloseFromHandlerIsHonoured()
    {
        using var c = Connect();
        c.Send("GET /close HTTP/1.1\r\nHost: x\r\n\r\n");
        var r = c.ReadResponse();
        Assert.Equal("close", r.Header("Connection"));
        Assert.Equal("bye", r.BodyText);
        Assert.True(c.IsClosedByServer());
    }

    [Fact]
    public void HeadKeepsContentLengthButSendsNoBody()
    {
        using var c = Connect();
        c.Send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        var r = c.ReadResponse(head: true);
        Assert.Equal("HTTP/1.1 200 OK", r.StatusLine);
        Assert.Equal("13", r.Header("Content-Length"));
        // The next response must start right away: no stray body bytes in between.
        c.Send("GET /path HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("HTTP/1.1 200 OK", c.ReadResponse().StatusLine);
    }

    [Theory]
    [InlineData("/204", "HTTP/1.1 204 No Content")]
    [InlineData("/304", "HTTP/1.1 304 Not Modified")]
    public void NoBodyStatusesSendNoBodyAndNoLength(string path, string statusLine)
    {
        using var c = Connect();
        c.Send($"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
        var r = c.ReadResponse();
        Assert.Equal(statusLine, r.StatusLine);
        Assert.Null(r.Header("Content-Length"));
        Assert.Null(r.Header("Transfer-Encoding"));
        c.Send("GET /path HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("HTTP/1.1 200 OK", c.ReadResponse().StatusLine);
    }

    [Fact]
    public void HandlerSetContentLengthIsKept()
    {
        using var c = Connect();
        c.Send("GET /length HTTP/1.1\r\nHost: x\r\n\r\n");
        var r = c.ReadResponse();
        Assert.Equal("5", r.Header("Content-Length"));
        Assert.Single(r.Headers, h => h.Name == "Content-Length");
        Assert.Equal("12345", r.BodyText);
    }

    [Fact]
    public void ExpectContinueSends100BeforeReadingTheBody()
    {
        using var c = Connect();
        c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        Assert.Equal("HTTP/1.1 100 Continue", c.ReadLine());
        Assert.Equal("", c.ReadLine());
        c.Send("hello");
        var r = c.ReadResponse();
        Assert.Equal("HTTP/1.1 200 OK", r.StatusLine);
        Assert.Equal("hello", r.BodyText);
    }

    [Fact]
    public void ExpectContinueIsNotSentWhenTheHandlerAnswersBeforeTheBody()
    {
        using var c = Connect();
        c.Send("POST /reject-early HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        var r = c.ReadResponse();
        Assert.Equal("HTTP/1.1 401 Unauthorized", r.StatusLine);
        Assert.Equal("close", r.Header("Connection"));
        Assert.True(c.IsClosedByServer());
    }

    [Fact]
    public void ChunkedRequestBodyDecodesWhateverTheSplit()
    {
        const string body = "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n";
        var head = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
        using var c = Connect();
        for (int split = 0; split <= body.Length; split++)
        {
            c.Send(head + body[..split]);
            if (split < body.Length)
            {
                c.Socket.NoDelay = true;
                Thread.Yield();
                c.Send(body[split..]);
            }
            var r = c.ReadResponse();
            Assert.Equal("HTTP/1.1 200 OK", r.StatusLine);
            Assert.Equal("hello world", r.BodyText);
        }
    }

    [Fact]
    public void ChunkedBodyByteByByteDecodes()
    {
        using var c = Connect();
        c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        foreach (char ch in "3\r\nabc\r\n1\r\nd\r\n0\r\n\r\n") c.Send(ch.ToString());
        Assert.Equal("abcd", c.ReadResponse().BodyText);
    }

    [Fact]
    public void StreamedBodyGoesToDataReceived()
    {
        using var c = Connect();
        c.Send("POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n");
        c.Send(new byte[10000]);
        Assert.Equal("streamed 10000", c.ReadResponse().BodyText);
    }

    [Fact]
    public void HandlerExceptionBecomes500AndIsLogged()
    {
        using var c = Connect();
        c.Send("GET /throw HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("HTTP/1.1 500 Internal Server Error", c.ReadResponse().StatusLine);
        c.Send("GET /throw-async HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("HTTP/1.1 500 Internal Server Error", c.ReadResponse().StatusLine);
        // The connection (and the loop) keep serving.
        c.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("Hello, World!", c.ReadResponse().BodyText);
        Assert.Contains(_server.Log.Entries, e => e.Exception?.Message == "boom");
        Assert.Contains(_server.Log.Entries, e => e.Exception?.Message == "async boom");
    }

    [Fact]
    public void FormAndMultipartArgumentsAreParsed()
    {
        using var c = Connect();
        const string form = "b=2&a=x+y&a=%C3%A9&empty=";
        c.Send($"POST /args?q=1&a=0 HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {form.Length}\r\n\r\n{form}");
        Assert.Equal("a=0,x y,é;b=2;empty=;q=1;", c.ReadResponse().BodyText);

        const string multipart = "--XYZ\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nvalue\r\n"
            + "--XYZ\r\nContent-Disposition: form-data; name=\"up\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nfile body\r\n--XYZ--\r\n";
        c.Send($"POST /args HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: {multipart.Length}\r\n\r\n{multipart}");
        Assert.Equal("field=value;file:up=a.txt/text/plain/file body;", c.ReadResponse().BodyText);
    }

    [Fact]
    public void GzipRequestBodyIsDecompressedWhenEnabled()
    {
        using var server = new ServerOnThread(new TestHandler(), new HttpServerSettings { DecompressRequest = true });
        using var c = new RawClient(server.Port);
        var ms = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(ms, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) gz.Write("compressed payload"u8);
        var body = ms.ToArray();
        c.Send($"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: {body.Length}\r\n\r\n");
        c.Send(body);
        var r = c.ReadResponse();
        Assert.Equal("compressed payload", r.BodyText);
        Assert.Equal("gzip", r.Header("X-Decoded-From"));
        // A streaming handler gets the decoded bytes too.
        c.Send($"POST /stream HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: {body.Length}\r\n\r\n");
        c.Send(body);
        Assert.Equal("streamed 18", c.ReadResponse().BodyText);
        c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\nnope");
        Assert.Equal("HTTP/1.1 400 Bad Request", c.ReadResponse().StatusLine);
    }

    [Fact]
    public void XHeadersSetRemoteIpAndProtocolOnlyWhenEnabled()
    {
        using (var c = Connect())
        {
            c.Send("GET /remote HTTP/1.1\r\nHost: x\r\nX-Real-Ip: 10.1.2.3\r\nX-Scheme: https\r\n\r\n");
            Assert.Equal("127.0.0.1 http", c.ReadResponse().BodyText);
        }
        using var server = new ServerOnThread(new TestHandler(), new HttpServerSettings { XHeaders = true });
        using var c2 = new RawClient(server.Port);
        c2.Send("GET /remote HTTP/1.1\r\nHost: x\r\nX-Real-Ip: 10.1.2.3\r\nX-Scheme: https\r\n\r\n");
        Assert.Equal("10.1.2.3 https", c2.ReadResponse().BodyText);
        c2.Send("GET /remote HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 1.1.1.1, 2.2.2.2\r\nX-Forwarded-Proto: https\r\n\r\n");
        Assert.Equal("2.2.2.2 https", c2.ReadResponse().BodyText);
        c2.Send("GET /remote HTTP/1.1\r\nHost: x\r\nX-Real-Ip: not-an-ip\r\nX-Scheme: gopher\r\n\r\n");
        Assert.Equal("127.0.0.1 http", c2.ReadResponse().BodyText);
    }

    [Fact]
    public void ClientDisconnectMidBodyIsCleanedUp()
    {
        using (var c = Connect())
        {
            c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly some");
            _server.WaitUntil(() => _server.Http.ConnectionCount == 1, "the server to hold the connection");
        }
        _server.WaitUntil(() => _server.Http.ConnectionCount == 0, "the server to close the connection");
        using var c2 = Connect();
        c2.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("Hello, World!", c2.ReadResponse().BodyText);
    }

    [Fact]
    public void ClientDisconnectMidResponseFiresOnConnectionClose()
    {
        using (var c = Connect())
        {
            c.Send("GET /hang HTTP/1.1\r\nHost: x\r\n\r\n");
            _server.WaitUntil(() => _handler.Seen.Contains("GET /hang"), "the handler to see GET /hang");
        }
        _server.WaitUntil(() => _handler.ConnectionCloses == 1, "OnConnectionClose");
        _server.WaitUntil(() => _server.Http.ConnectionCount == 0, "the server to drop the connection");
        Assert.Equal(1, _server.OnLoop(() => _handler.ConnectionCloses));
    }

    [Fact]
    public void ClientDisconnectMidStreamedBodyFiresOnConnectionClose()
    {
        using (var c = Connect())
        {
            c.Send("POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789");
            _server.WaitUntil(() => _handler.StreamedBytes == 10, "the handler to receive the 10 body bytes sent");
        }
        _server.WaitUntil(() => _handler.ConnectionCloses == 1, "OnConnectionClose");
        _server.WaitUntil(() => _server.Http.ConnectionCount == 0, "the server to drop the connection");
        Assert.Equal((1, 10), _server.OnLoop(() => (_handler.ConnectionCloses, _handler.StreamedBytes)));
    }
}
