using System.Net;
using System.Net.Sockets;
using System.Text;
using Squall.Http;

namespace Squall.WebSocket.Tests;

/// <summary>Our client against our server, and against raw servers that answer the handshake wrongly.</summary>
public sealed class ClientTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private string Url(string path) => $"ws://127.0.0.1:{fixture.Port}{path}";

    [Fact]
    public void Echo_text_and_binary_then_close_with_code()
    {
        var result = ClientLoop.Run(async () =>
        {
            var ws = await WebSocketClient.Connect(Url("/echo"));
            await ws.WriteMessage("héllo");
            var text = await ws.ReadMessage();
            await ws.WriteMessage(new byte[] { 0, 1, 2, 255 });
            var binary = await ws.ReadMessage();
            var big = new byte[60_000]; // under the fixture's 64 KiB limit
            new Random(1).NextBytes(big);
            await ws.WriteMessage(big);
            var bigEcho = await ws.ReadMessage();
            ws.Close(1000, "done");
            var end = await ws.ReadMessage();
            await ws.Closed;
            return (text, binary, bigEcho, big, end, ws.CloseCode, ws.CloseReason);
        });
        Assert.True(result.text!.IsText);
        Assert.Equal("héllo", result.text.Text);
        Assert.True(result.binary!.IsBinary);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, result.binary.Data.ToArray());
        Assert.Equal(result.big, result.bigEcho!.Data.ToArray());
        Assert.Null(result.end);
        Assert.Equal(1000, result.CloseCode);
        Assert.Equal("", result.CloseReason); // the server echoes the code only (RFC 6455 §5.5.1)
    }

    [Fact]
    public void Compression_is_negotiated_and_round_trips()
    {
        var result = ClientLoop.Run(async () =>
        {
            var ws = await WebSocketClient.Connect(Url("/echo"), compression: new WebSocketCompressionOptions());
            string text = string.Concat(Enumerable.Repeat("compress me please ", 500));
            var echoes = new List<string>();
            for (int i = 0; i < 3; i++)
            {
                await ws.WriteMessage(text + i);
                echoes.Add((await ws.ReadMessage())!.Text);
            }
            ws.Close();
            await ws.Closed;
            return (ws.Extensions, echoes, text);
        });
        Assert.Equal("permessage-deflate; server_no_context_takeover; client_no_context_takeover", result.Extensions);
        Assert.Equal(Enumerable.Range(0, 3).Select(i => result.text + i), result.echoes);
    }

    [Fact]
    public void Subprotocol_is_chosen_from_the_offer()
    {
        var chosen = ClientLoop.Run(async () =>
        {
            var ws = await WebSocketClient.Connect(Url("/echo"), ["chat.v1", "chat.v2"]);
            ws.Close();
            await ws.Closed;
            return ws.SelectedSubprotocol;
        });
        Assert.Equal("chat.v2", chosen);
    }

    [Fact]
    public void Ping_gets_a_pong_with_the_same_payload()
    {
        var pong = ClientLoop.Run(async () =>
        {
            var ws = await WebSocketClient.Connect(Url("/echo"));
            var got = new Future<byte[]>();
            ws.PongReceived += data => got.TrySetResult(data.ToArray());
            await ws.Ping("are you there"u8.ToArray());
            var payload = await got;
            ws.Close();
            await ws.Closed;
            return payload;
        });
        Assert.Equal("are you there", Encoding.UTF8.GetString(pong));
    }

    [Fact]
    public void A_non_101_answer_raises_HttpClientError_with_its_status()
    {
        var error = Assert.Throws<HttpClientError>(() => ClientLoop.Run(() => WebSocketClient.Connect(Url("/nowhere"))));
        Assert.Equal(404, error.Code);
    }

    [Fact]
    public void Refused_connection_raises_599()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)probe.LocalEndPoint!).Port; // bound, never listening: connect is refused
        var error = Assert.Throws<HttpClientError>(() => ClientLoop.Run(() => WebSocketClient.Connect($"ws://127.0.0.1:{port}/")));
        Assert.Equal(599, error.Code);
    }

    [Fact]
    public void A_server_that_never_answers_the_handshake_times_out_with_599()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(); // accepts in the kernel, never answers
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var request = new HttpRequest($"ws://127.0.0.1:{port}/") { RequestTimeout = TimeSpan.FromMilliseconds(300) };
        var error = Assert.Throws<HttpClientError>(() => ClientLoop.Run(() => WebSocketClient.Connect(request)));
        Assert.Equal(599, error.Code);
        Assert.Contains("Timeout", error.Message);
    }

    public static IEnumerable<object[]> BadAnswers =>
    [
        ["wrong accept", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n", "Sec-WebSocket-Accept"],
        ["no upgrade", "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n", "Upgrade"],
        ["unoffered subprotocol", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Protocol: x\r\n\r\n", "subprotocol"],
        ["unoffered extension", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n", "extension"],
    ];

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public void An_invalid_upgrade_answer_is_refused(string name, string answer, string reason)
    {
        Assert.NotNull(name);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var server = Task.Run(() =>
        {
            using var peer = listener.Accept();
            peer.ReceiveTimeout = 20000;
            var buffer = new byte[4096];
            var request = "";
            while (!request.Contains("\r\n\r\n")) request += Encoding.ASCII.GetString(buffer, 0, peer.Receive(buffer));
            string key = request.Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:")).Split(':')[1].Trim();
            peer.Send(Encoding.ASCII.GetBytes(answer.Replace("{accept}", WebSocketHandshake.ComputeAccept(key))));
            peer.Receive(buffer); // until the client closes
        });
        var error = Assert.Throws<HttpClientError>(() => ClientLoop.Run(() => WebSocketClient.Connect($"ws://127.0.0.1:{port}/")));
        Assert.Equal(599, error.Code);
        Assert.Contains(reason, error.Message);
        Assert.True(server.Wait(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public void Client_frames_are_masked_with_fresh_keys()
    {
        // A raw server reads two frames of the same payload: both masked, with different keys.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var server = Task.Run(() =>
        {
            using var peer = listener.Accept();
            peer.ReceiveTimeout = 20000;
            var buffer = new byte[4096];
            var request = "";
            while (!request.Contains("\r\n\r\n")) request += Encoding.ASCII.GetString(buffer, 0, peer.Receive(buffer));
            string key = request.Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:")).Split(':')[1].Trim();
            peer.Send(Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {WebSocketHandshake.ComputeAccept(key)}\r\n\r\n"));
            var frames = new List<byte>();
            while (frames.Count < 2 * (2 + 4 + 5))
            {
                int n = peer.Receive(buffer);
                if (n == 0) break;
                frames.AddRange(buffer.AsSpan(0, n).ToArray());
            }
            return frames.ToArray();
        });
        ClientLoop.Run(async () =>
        {
            var ws = await WebSocketClient.Connect($"ws://127.0.0.1:{port}/");
            await ws.WriteMessage("hello");
            await ws.WriteMessage("hello");
            return 0;
        });
        Assert.True(server.Wait(TimeSpan.FromSeconds(20)));
        var bytes = server.Result;
        Assert.Equal(0x81, bytes[0]);
        Assert.Equal(0x80 | 5, bytes[1]);
        Assert.Equal(0x80 | 5, bytes[12]);
        var key1 = bytes[2..6];
        var key2 = bytes[13..17];
        Assert.NotEqual(key1, key2);
        Assert.Equal("hello", Encoding.ASCII.GetString(bytes[6..11].Select((b, i) => (byte)(b ^ key1[i % 4])).ToArray()));
    }
}
