using System.Net.Sockets;
using System.Text;
using Squall.Http;

namespace Squall.Web.Tests;

/// <summary>
/// Absolute-form request targets (RFC 9112 §3.2.2: <c>GET http://host/path HTTP/1.1</c>, what a client sends to a
/// proxy) are routed by their path, and their authority is the request's host.
/// </summary>
public sealed class AbsoluteFormTests : IClassFixture<WebServerFixture>
{
    private readonly WebServerFixture _fixture;

    public AbsoluteFormTests(WebServerFixture fixture) => _fixture = fixture;

    private string SendRaw(string head)
    {
        using var client = new TcpClient();
        client.Connect("127.0.0.1", _fixture.Server.Port);
        client.ReceiveTimeout = 30000;
        client.SendTimeout = 30000;
        var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return reader.ReadToEnd();
    }

    [Fact]
    public void AnAbsoluteFormTargetIsRoutedByItsPath()
    {
        string response = SendRaw("GET http://example.com:8080/where/abc?x=1 HTTP/1.1\r\nHost: other.test\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response);
        Assert.EndsWith("\r\n\r\nabc|/where/abc|x=1|example.com:8080|http://example.com:8080/where/abc?x=1", response);
    }

    [Fact]
    public void TheOriginFormIsUnchanged()
    {
        string response = SendRaw("GET /where/abc?x=1 HTTP/1.1\r\nHost: other.test\r\nConnection: close\r\n\r\n");
        Assert.EndsWith("\r\n\r\nabc|/where/abc|x=1|other.test|http://other.test/where/abc?x=1", response);
    }

    [Theory]
    [InlineData("http://h.test/a/b?q=1", "/a/b", "q=1", "h.test")]
    [InlineData("HTTPS://h.test:443/a", "/a", "", "h.test:443")]
    [InlineData("http://h.test", "/", "", "h.test")]
    [InlineData("http://h.test?q", "/", "q", "h.test")]
    [InlineData("http://user@h.test/p", "/p", "", "h.test")]
    [InlineData("/plain/path?x", "/plain/path", "x", "from-header")]
    public void PathQueryAndHostOfATarget(string target, string path, string query, string host)
    {
        var request = new HttpServerRequest(null!) { Uri = target };
        request.Headers.Add("Host", "from-header");
        Assert.Equal(path, request.Path);
        Assert.Equal(query, request.Query);
        Assert.Equal(host, request.Host);
    }
}
