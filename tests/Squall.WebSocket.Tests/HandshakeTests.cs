namespace Squall.WebSocket.Tests;

/// <summary>The opening handshake (RFC 6455 §4.2, Tornado's checks and statuses), over raw sockets.</summary>
public sealed class HandshakeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";

    public static IEnumerable<object[]> Requests =>
    [
        ["missing key", "GET /echo HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n", 400],
        ["key not 16 bytes", "GET /echo HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n\r\n", 400],
        ["version 8", $"GET /echo HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {Key}\r\nSec-WebSocket-Version: 8\r\n\r\n", 426],
        ["no version", $"GET /echo HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {Key}\r\n\r\n", 426],
        ["no Upgrade header", $"GET /echo HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {Key}\r\nSec-WebSocket-Version: 13\r\n\r\n", 400],
        ["Upgrade to something else", $"GET /echo HTTP/1.1\r\nHost: h\r\nUpgrade: h2c\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {Key}\r\nSec-WebSocket-Version: 13\r\n\r\n", 400],
        ["Connection without upgrade", $"GET /echo HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Key: {Key}\r\nSec-WebSocket-Version: 13\r\n\r\n", 400],
        ["POST", $"POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {Key}\r\nSec-WebSocket-Version: 13\r\n\r\n", 405],
        ["cross origin", $"GET /echo HTTP/1.1\r\nHost: 127.0.0.1:80\r\nOrigin: http://evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {Key}\r\nSec-WebSocket-Version: 13\r\n\r\n", 403],
        ["tokens in any case, in a list", $"GET /echo HTTP/1.1\r\nHost: h\r\nUpgrade: WebSocket\r\nConnection: keep-alive, UPGRADE\r\nSec-WebSocket-Key: {Key}\r\nSec-WebSocket-Version: 13\r\n\r\n", 101],
        ["same origin", $"GET /echo HTTP/1.1\r\nHost: example.com:8080\r\nOrigin: http://example.com:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {Key}\r\nSec-WebSocket-Version: 13\r\n\r\n", 101],
    ];

    [Theory]
    [MemberData(nameof(Requests))]
    public void Handshake_is_answered_with_the_right_status(string name, string request, int status)
    {
        Assert.NotNull(name);
        using var ws = new RawWebSocket(fixture.Port);
        Assert.Equal(status, ws.HandshakeRaw(request, Key));
        if (status == 426) Assert.Equal("13", ws.ResponseHeaders["Sec-WebSocket-Version"]);
        if (status == 405) Assert.Equal("GET", ws.ResponseHeaders["Allow"]);
        if (status == 101)
        {
            // RFC 6455 §1.3's own example: this key's accept value.
            Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", ws.ResponseHeaders["Sec-WebSocket-Accept"]);
            Assert.Equal("websocket", ws.ResponseHeaders["Upgrade"]);
            Assert.False(ws.ResponseHeaders.ContainsKey("Content-Type"));
            ws.Send(RawWebSocket.Frame(1, "still speaking WebSocket"));
            Assert.Equal("still speaking WebSocket", ws.ReadFrame().Text);
        }
    }

    [Fact]
    public void Handshake_selects_an_offered_subprotocol()
    {
        using var ws = new RawWebSocket(fixture.Port);
        Assert.Equal(101, ws.Handshake(extraHeaders: "Sec-WebSocket-Protocol: chat.v1, chat.v2\r\n"));
        Assert.Equal("chat.v2", ws.ResponseHeaders["Sec-WebSocket-Protocol"]);
    }

    [Fact]
    public void No_subprotocol_header_when_none_is_chosen()
    {
        using var ws = new RawWebSocket(fixture.Port);
        Assert.Equal(101, ws.Handshake(extraHeaders: "Sec-WebSocket-Protocol: other\r\n"));
        Assert.False(ws.ResponseHeaders.ContainsKey("Sec-WebSocket-Protocol"));
    }

    [Fact]
    public void Frames_sent_right_behind_the_handshake_are_not_lost()
    {
        // The client may pipeline its first frame behind the request: it must reach the WebSocket, not the HTTP parser.
        using var ws = new RawWebSocket(fixture.Port);
        string key = Convert.ToBase64String(new byte[16]);
        var request = $"GET /echo HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ws.Send([.. System.Text.Encoding.ASCII.GetBytes(request), .. RawWebSocket.Frame(1, "early")]);
        Assert.Equal(101, ws.HandshakeRaw("", key));
        Assert.Equal("early", ws.ReadFrame().Text);
    }
}
