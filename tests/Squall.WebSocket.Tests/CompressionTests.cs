using System.IO.Compression;
using System.Text;

namespace Squall.WebSocket.Tests;

/// <summary>
/// permessage-deflate (RFC 7692) over raw sockets: negotiation answers, compressed frames both ways with the
/// <c>00 00 ff ff</c> tail removed, and the limits applied after inflating. The peer side uses .NET's own deflate.
/// </summary>
public sealed class CompressionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static byte[] Deflate(byte[] data)
    {
        var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data);
            deflate.Flush(); // a sync flush: ends with 00 00 ff ff
        }
        var bytes = output.ToArray();
        // DeflateStream's dispose appends a final empty block (03 00) after the sync flush; cut at the flush marker.
        int tail = IndexOfTail(bytes);
        return bytes[..tail];
    }

    private static int IndexOfTail(byte[] bytes)
    {
        for (int i = bytes.Length - 4; i >= 0; i--)
            if (bytes[i] == 0 && bytes[i + 1] == 0 && bytes[i + 2] == 0xff && bytes[i + 3] == 0xff) return i;
        throw new InvalidOperationException("no sync flush marker");
    }

    private static byte[] Inflate(byte[] data)
    {
        using var input = new MemoryStream([.. data, 0x00, 0x00, 0xff, 0xff]);
        using var inflate = new DeflateStream(input, CompressionMode.Decompress);
        var output = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        try
        {
            while ((n = inflate.Read(buffer)) > 0) output.Write(buffer, 0, n);
        }
        catch (InvalidDataException)
        {
            // No final block: the stream just runs out, which DeflateStream may report at the very end.
        }
        return output.ToArray();
    }

    public static IEnumerable<object?[]> Offers =>
    [
        ["permessage-deflate", "permessage-deflate; server_no_context_takeover; client_no_context_takeover"],
        ["permessage-deflate; client_max_window_bits", "permessage-deflate; server_no_context_takeover; client_no_context_takeover"],
        ["permessage-deflate; server_max_window_bits=10", "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10"],
        ["permessage-deflate; server_max_window_bits=8, permessage-deflate", "permessage-deflate; server_no_context_takeover; client_no_context_takeover"],
        ["permessage-deflate; server_max_window_bits=8", null],
        ["permessage-deflate; server_no_context_takeover; server_no_context_takeover", null],
        ["permessage-deflate; server_max_window_bits=16", null],
        ["permessage-deflate; server_max_window_bits=010", null],
        ["permessage-deflate; unknown_param", null],
        ["permessage-deflate; client_no_context_takeover=1", null],
        ["x-webkit-deflate-frame", null],
    ];

    [Theory]
    [MemberData(nameof(Offers))]
    public void Negotiation_answers_only_valid_parameters(string offer, string? expected)
    {
        using var ws = new RawWebSocket(fixture.Port);
        Assert.Equal(101, ws.Handshake(extraHeaders: $"Sec-WebSocket-Extensions: {offer}\r\n"));
        ws.ResponseHeaders.TryGetValue("Sec-WebSocket-Extensions", out var answer);
        Assert.Equal(expected, answer);
    }

    [Fact]
    public void Compressed_text_is_inflated_and_the_echo_comes_back_compressed()
    {
        using var ws = new RawWebSocket(fixture.Port);
        Assert.Equal(101, ws.Handshake(extraHeaders: "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"));
        string text = string.Concat(Enumerable.Repeat("Hello, compressed world! ", 40));
        var compressed = Deflate(Encoding.UTF8.GetBytes(text));
        Assert.True(compressed.Length < text.Length / 4);
        ws.Send(RawWebSocket.Frame(1, compressed, rsv: 4));
        var echo = ws.ReadFrame();
        Assert.Equal(1, echo.Opcode);
        Assert.True(echo.Rsv1, "the echo should be compressed");
        Assert.True(echo.Payload.Length < text.Length / 4);
        Assert.Equal(text, Encoding.UTF8.GetString(Inflate(echo.Payload)));

        // A second message: no context was kept on either side, so it inflates on its own.
        ws.Send(RawWebSocket.Frame(2, Deflate(Encoding.UTF8.GetBytes(text)), rsv: 4));
        var second = ws.ReadFrame();
        Assert.Equal(2, second.Opcode);
        Assert.Equal(text, Encoding.UTF8.GetString(Inflate(second.Payload)));
    }

    [Fact]
    public void Compressed_message_in_fragments_with_a_ping_between()
    {
        using var ws = new RawWebSocket(fixture.Port);
        Assert.Equal(101, ws.Handshake(extraHeaders: "Sec-WebSocket-Extensions: permessage-deflate\r\n"));
        var data = Enumerable.Range(0, 5000).Select(i => (byte)(i % 50)).ToArray();
        var compressed = Deflate(data);
        int half = compressed.Length / 2;
        ws.Send(RawWebSocket.Frame(2, compressed[..half], fin: false, rsv: 4));
        ws.Send(RawWebSocket.Frame(9, "mid"u8));
        ws.Send(RawWebSocket.Frame(0, compressed[half..]));
        Assert.Equal(10, ws.ReadFrame().Opcode);
        var echo = ws.ReadFrame();
        Assert.True(echo.Rsv1);
        Assert.Equal(data, Inflate(echo.Payload));
    }

    [Fact]
    public void Short_messages_are_sent_uncompressed()
    {
        using var ws = new RawWebSocket(fixture.Port);
        Assert.Equal(101, ws.Handshake(extraHeaders: "Sec-WebSocket-Extensions: permessage-deflate\r\n"));
        ws.Send(RawWebSocket.Frame(1, "hi"));
        var echo = ws.ReadFrame();
        Assert.False(echo.Rsv1);
        Assert.Equal("hi", echo.Text);
    }

    [Theory]
    [InlineData("bomb over the limit after inflating", 1009)]
    [InlineData("RSV1 on a continuation frame", 1002)]
    [InlineData("not deflate data", 1007)]
    [InlineData("invalid UTF-8 inside compressed text", 1007)]
    public void Compressed_violations_fail_the_connection(string name, int code)
    {
        using var ws = new RawWebSocket(fixture.Port);
        Assert.Equal(101, ws.Handshake(extraHeaders: "Sec-WebSocket-Extensions: permessage-deflate\r\n"));
        switch (name)
        {
            case "bomb over the limit after inflating":
                var zeros = Deflate(new byte[ServerFixture.MaxMessageSize * 4]);
                Assert.True(zeros.Length < ServerFixture.MaxMessageSize);
                ws.Send(RawWebSocket.Frame(2, zeros, rsv: 4));
                break;
            case "RSV1 on a continuation frame":
                ws.Send(RawWebSocket.Frame(2, Deflate([1, 2, 3]), fin: false, rsv: 4));
                ws.Send(RawWebSocket.Frame(0, [], rsv: 4));
                break;
            case "not deflate data":
                ws.Send(RawWebSocket.Frame(2, [0xff, 0xff, 0xff, 0xff, 0xff], rsv: 4));
                break;
            default:
                ws.Send(RawWebSocket.Frame(1, Deflate([0x61, 0xff, 0x62]), rsv: 4));
                break;
        }
        var close = ws.ReadFrame();
        Assert.Equal(8, close.Opcode);
        Assert.Equal(code, close.CloseCode);
        Assert.True(ws.ServerClosedTcp());
    }

    [Fact]
    public void RSV1_is_a_protocol_error_when_deflate_was_not_negotiated()
    {
        using var ws = new RawWebSocket(fixture.Port);
        Assert.Equal(101, ws.Handshake());
        ws.Send(RawWebSocket.Frame(1, Deflate("abc"u8.ToArray()), rsv: 4));
        Assert.Equal(1002, ws.ReadFrame().CloseCode);
    }
}
