using System.IO.Compression;
using System.Text;

namespace Squall.WebSocket.Tests;

/// <summary>
/// RFC 6455 conformance over raw sockets, one table row per case, numbered after the Autobahn|Testsuite sections
/// (1 framing, 2 ping/pong, 3 reserved bits, 4 opcodes, 5 fragmentation, 6 UTF-8, 7 close, 9 limits). Each row lists
/// the exact frames sent, the frames expected back, and the close code the server must fail with (then it must
/// close TCP). Rows without a close code end with a clean close handshake, which proves the connection survived.
/// </summary>
public sealed class ConformanceTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    public sealed record Expect(int Opcode, byte[] Payload);

    public sealed record Case(byte[][] Send, Expect[] Expect, int? Close = null);

    private static byte[] F(int opcode, string text, bool fin = true) => RawWebSocket.Frame(opcode, text, fin);

    private static byte[] F(int opcode, byte[] payload, bool fin = true, bool mask = true, int rsv = 0) => RawWebSocket.Frame(opcode, payload, fin, mask, rsv);

    private static Expect Text(string text) => new(1, Encoding.UTF8.GetBytes(text));

    private static Expect Binary(byte[] data) => new(2, data);

    private static Expect Pong(byte[] data) => new(10, data);

    private static byte[] Bytes(int n, byte seed = 7) => Enumerable.Range(0, n).Select(i => (byte)(i * 31 + seed)).ToArray();

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    private static byte[] ClosePayload(int code, int reasonBytes = 0)
    {
        var p = new byte[2 + reasonBytes];
        p[0] = (byte)(code >> 8);
        p[1] = (byte)code;
        for (int i = 0; i < reasonBytes; i++) p[2 + i] = (byte)'r';
        return p;
    }

    private static readonly Dictionary<string, Case> Table = new()
    {
        // 1 Framing: payload lengths at each length encoding's edges, text and binary.
        ["1.1.1 empty text"] = new([F(1, "")], [Text("")]),
        ["1.1.2 text 125"] = new([F(1, new string('*', 125))], [Text(new string('*', 125))]),
        ["1.1.3 text 126"] = new([F(1, new string('*', 126))], [Text(new string('*', 126))]),
        ["1.1.4 text 65535"] = new([F(1, new string('*', 65535))], [Text(new string('*', 65535))]),
        ["1.1.5 text 65536"] = new([F(1, new string('*', 65536))], [Text(new string('*', 65536))]),
        ["1.2.1 empty binary"] = new([F(2, [])], [Binary([])]),
        ["1.2.2 binary 125"] = new([F(2, Bytes(125))], [Binary(Bytes(125))]),
        ["1.2.3 binary 126"] = new([F(2, Bytes(126))], [Binary(Bytes(126))]),
        ["1.2.4 binary 65536"] = new([F(2, Bytes(65536))], [Binary(Bytes(65536))]),
        ["1.3.1 two messages in one write"] = new([[.. F(1, "a"), .. F(2, Bytes(3))]], [Text("a"), Binary(Bytes(3))]),
        ["1.3.2 unmasked client frame"] = new([F(1, Encoding.UTF8.GetBytes("x"), mask: false)], [], 1002),

        // 2 Pings and pongs.
        ["2.1 empty ping"] = new([F(9, [])], [Pong([])]),
        ["2.2 ping with text payload"] = new([F(9, "Hello, world!")], [Pong(Encoding.UTF8.GetBytes("Hello, world!"))]),
        ["2.3 ping with binary payload"] = new([F(9, Hex("00 ff fe fd fc fb 00 ff"))], [Pong(Hex("00 ff fe fd fc fb 00 ff"))]),
        ["2.4 ping 125"] = new([F(9, Bytes(125))], [Pong(Bytes(125))]),
        ["2.5 ping 126"] = new([F(9, Bytes(126))], [], 1002),
        ["2.6 unsolicited pong is ignored"] = new([F(10, "unsolicited"), F(1, "after")], [Text("after")]),
        ["2.7 ten pings"] = new(Enumerable.Range(0, 10).Select(i => F(9, "p" + i)).ToArray(), Enumerable.Range(0, 10).Select(i => Pong(Encoding.UTF8.GetBytes("p" + i))).ToArray()),
        ["2.8 fragmented ping"] = new([F(9, "frag", fin: false)], [], 1002),

        // 3 Reserved bits (no extension negotiated on this connection).
        ["3.1 RSV1 on text"] = new([F(1, Encoding.UTF8.GetBytes("x"), rsv: 4)], [], 1002),
        ["3.2 RSV2 on text after a good one"] = new([F(1, "ok"), F(1, Encoding.UTF8.GetBytes("x"), rsv: 2)], [Text("ok")], 1002),
        ["3.3 RSV3 on binary"] = new([F(2, Bytes(4), rsv: 1)], [], 1002),
        ["3.4 RSV1|RSV2|RSV3 on ping"] = new([F(9, Bytes(4), rsv: 7)], [], 1002),

        // 4 Opcodes.
        ["4.1.1 opcode 3"] = new([F(3, [])], [], 1002),
        ["4.1.2 opcode 7 after text"] = new([F(1, "ok"), F(7, Bytes(2))], [Text("ok")], 1002),
        ["4.2.1 opcode 11"] = new([F(11, [])], [], 1002),
        ["4.2.2 opcode 15"] = new([F(15, Bytes(3))], [], 1002),

        // 5 Fragmentation.
        ["5.1 text in two fragments"] = new([F(1, "frag", fin: false), F(0, "ment")], [Text("fragment")]),
        ["5.2 binary in three fragments"] = new([F(2, Bytes(3), fin: false), F(0, Bytes(3, 1), fin: false), F(0, Bytes(3, 2))], [Binary([.. Bytes(3), .. Bytes(3, 1), .. Bytes(3, 2)])]),
        ["5.3 ping between fragments"] = new([F(1, "a", fin: false), F(9, "in"), F(0, "b")], [Pong(Encoding.UTF8.GetBytes("in")), Text("ab")]),
        ["5.4 empty fragments"] = new([F(1, "", fin: false), F(0, "", fin: false), F(0, "x")], [Text("x")]),
        ["5.5 continuation with nothing to continue"] = new([F(0, "orphan")], [], 1002),
        ["5.6 final continuation with nothing to continue"] = new([F(0, "orphan", fin: true)], [], 1002),
        ["5.7 new text inside a fragmented message"] = new([F(1, "a", fin: false), F(1, "b")], [], 1002),
        ["5.8 fragmented close"] = new([F(8, ClosePayload(1000), fin: false)], [], 1002),
        ["5.9 pong between fragments"] = new([F(2, Bytes(2), fin: false), F(10, "x"), F(0, Bytes(2, 9))], [Binary([.. Bytes(2), .. Bytes(2, 9)])]),

        // 6 UTF-8.
        ["6.1 valid multibyte text"] = new([F(1, "κόσμε")], [Text("κόσμε")]),
        ["6.2 valid 4-byte character"] = new([F(1, "𝄞")], [Text("𝄞")]),
        ["6.3 character split across fragments"] = new([F(1, Hex("e2 82"), fin: false), F(0, Hex("ac"))], [Text("€")]),
        ["6.4 invalid byte ff"] = new([F(1, Hex("ce ba ff"))], [], 1007),
        ["6.5 overlong slash"] = new([F(1, Hex("c0 af"))], [], 1007),
        ["6.6 surrogate"] = new([F(1, Hex("ed a0 80"))], [], 1007),
        ["6.7 above U+10FFFF"] = new([F(1, Hex("f4 90 80 80"))], [], 1007),
        ["6.8 truncated at the end of the message"] = new([F(1, Hex("61 e2 82"))], [], 1007),
        ["6.9 fails fast in the first fragment"] = new([F(1, Hex("61 ff"), fin: false)], [], 1007),
        ["6.10 invalid only in the last fragment"] = new([F(1, "ok ", fin: false), F(0, Hex("80"))], [], 1007),
        ["6.11 binary is not checked"] = new([F(2, Hex("ff fe c0 af"))], [Binary(Hex("ff fe c0 af"))]),

        // 7 Close handling.
        ["7.1 close after a message"] = new([F(1, "last"), RawWebSocket.CloseFrame(1000)], [Text("last")], 1000),
        ["7.2 close with 1001 is echoed"] = new([RawWebSocket.CloseFrame(1001, "bye")], [], 1001),
        ["7.3 close code 3000"] = new([RawWebSocket.CloseFrame(3000)], [], 3000),
        ["7.4 close code 4999"] = new([RawWebSocket.CloseFrame(4999)], [], 4999),
        ["7.5 close code 1011"] = new([RawWebSocket.CloseFrame(1011)], [], 1011),
        ["7.6 close with a 123-byte reason"] = new([F(8, ClosePayload(1000, 123))], [], 1000),
        ["7.7 empty close"] = new([F(8, [])], [], 1005),
        ["7.8 close with a 1-byte payload"] = new([F(8, Hex("03"))], [], 1002),
        ["7.9.1 close code 0"] = new([F(8, ClosePayload(0))], [], 1002),
        ["7.9.2 close code 999"] = new([F(8, ClosePayload(999))], [], 1002),
        ["7.9.3 close code 1004"] = new([F(8, ClosePayload(1004))], [], 1002),
        ["7.9.4 close code 1005"] = new([F(8, ClosePayload(1005))], [], 1002),
        ["7.9.5 close code 1006"] = new([F(8, ClosePayload(1006))], [], 1002),
        ["7.9.6 close code 1015"] = new([F(8, ClosePayload(1015))], [], 1002),
        ["7.9.7 close code 1016"] = new([F(8, ClosePayload(1016))], [], 1002),
        ["7.9.8 close code 2999"] = new([F(8, ClosePayload(2999))], [], 1002),
        ["7.9.9 close code 5000"] = new([F(8, ClosePayload(5000))], [], 1002),
        ["7.10 close reason not UTF-8"] = new([F(8, [.. ClosePayload(1000), 0xff, 0xfe])], [], 1007),
        ["7.11 ping after close is not answered"] = new([[.. RawWebSocket.CloseFrame(1000), .. F(9, "late")]], [], 1000),

        // 9 Limits.
        ["9.1 message at the limit"] = new([F(2, Bytes(ServerFixture.MaxMessageSize))], [Binary(Bytes(ServerFixture.MaxMessageSize))]),
        ["9.2 message over the limit"] = new([F(2, Bytes(ServerFixture.MaxMessageSize + 1))], [], 1009),
        ["9.3 fragments growing over the limit"] = new([F(2, Bytes(40000), fin: false), F(0, Bytes(40000))], [], 1009),
        // Found by the websocket-connection fuzz target: the limit counted the previous message's bytes too.
        ["9.4 two messages under the limit whose sum is over it"] = new([F(2, Bytes(40000)), F(2, Bytes(30000, 9))],
            [Binary(Bytes(40000)), Binary(Bytes(30000, 9))]),
        ["9.5 a fragmented message after a large one"] = new([F(2, Bytes(60000)), F(1, "ab", fin: false), F(0, "cd")],
            [Binary(Bytes(60000)), Text("abcd")]),
    };

    public static IEnumerable<object[]> Cases => Table.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_behaves_as_RFC_6455_says(string name)
    {
        var c = Table[name];
        using var ws = new RawWebSocket(fixture.Port);
        Assert.Equal(101, ws.Handshake());
        foreach (var frame in c.Send) ws.Send(frame);
        foreach (var expected in c.Expect)
        {
            var got = ws.ReadFrame();
            Assert.True(got.Fin);
            Assert.False(got.Rsv1);
            Assert.Equal(expected.Opcode, got.Opcode);
            Assert.Equal(expected.Payload, got.Payload);
        }
        if (c.Close is null)
        {
            ws.Send(RawWebSocket.CloseFrame(1000));
        }
        var close = ws.ReadFrame();
        Assert.Equal(8, close.Opcode);
        Assert.Equal(c.Close ?? 1000, close.CloseCode);
        Assert.True(ws.ServerClosedTcp(), "the server must close TCP after the close frame");
    }
}
