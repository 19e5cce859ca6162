using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Chat;
using Squall.Http;
using Squall.Testing;

namespace Squall.Web.Tests;

/// <summary>
/// The chat sample's <c>/chatsocket</c> (Tornado's websocket chat demo) over real sockets with our client. In the
/// "Chat" collection: the sample keeps one room in static state, so its suites never run at the same time.
/// </summary>
[Collection("Chat")]
public sealed class ChatSocketTests : IDisposable
{
    private readonly AsyncHttpTestServer _server = new(ChatApp.Routes, Quiet(ChatApp.CreateSettings("chat-secret")));

    public void Dispose() => _server.Dispose();

    private static ApplicationSettings Quiet(ApplicationSettings s)
    {
        s.Logger = new ListLogger();
        return s;
    }

    private string SocketUrl => _server.GetUrl("/chatsocket").Replace("http:", "ws:");

    private static T RunClient<T>(Func<Future<T>> coroutine)
    {
        using var loop = new IOLoop();
        loop.MakeCurrent();
        return loop.RunSync(coroutine, TimeSpan.FromSeconds(30));
    }

    private static byte[] Json(string body) => JsonSerializer.SerializeToUtf8Bytes(new IncomingMessage(body), ChatTestJson.Default.IncomingMessage);

    [Fact]
    public void A_message_is_broadcast_to_every_socket_including_the_sender_and_the_page_escapes_it()
    {
        const string body = "<b>hi</b> & \"bye\" — ünïcode";
        var (alice, bob) = RunClient(async () =>
        {
            var a = await WebSocketClient.Connect(SocketUrl);
            var b = await WebSocketClient.Connect(SocketUrl);
            await a.WriteMessage(Json(body), binary: false);
            var fromA = await a.ReadMessage();
            var fromB = await b.ReadMessage();
            a.Close();
            b.Close();
            await a.Closed;
            await b.Closed;
            return (fromA!, fromB!);
        });
        foreach (var message in new[] { alice, bob })
        {
            Assert.True(message.IsText);
            var json = JsonDocument.Parse(message.Text).RootElement;
            Assert.Equal(body, json.GetProperty("body").GetString());
            Assert.Equal(32, json.GetProperty("id").GetString()!.Length);
        }
        Assert.Equal(alice.Text, bob.Text); // one message, one id, the same bytes for everyone
        var page = _server.Fetch("/").Text;
        Assert.Contains("&lt;b&gt;hi&lt;/b&gt; &amp; &quot;bye&quot;", page);
        Assert.DoesNotContain("<b>hi</b>", page);
    }

    [Fact]
    public void A_socket_that_vanishes_without_a_close_frame_does_not_stop_the_broadcast()
    {
        var received = RunClient(async () =>
        {
            var a = await WebSocketClient.Connect(SocketUrl);
            var b = await WebSocketClient.Connect(SocketUrl);
            // A third client completes the handshake, then resets its TCP connection: no close frame.
            using (var raw = new System.Net.Sockets.TcpClient())
            {
                raw.Connect("127.0.0.1", _server.Port);
                var stream = raw.GetStream();
                stream.Write(Encoding.ASCII.GetBytes("GET /chatsocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                    $"Sec-WebSocket-Key: {WebSocketHandshake.NewKey()}\r\nSec-WebSocket-Version: 13\r\n\r\n"));
                var head = new byte[1024];
                int n = stream.Read(head);
                Assert.StartsWith("HTTP/1.1 101", Encoding.ASCII.GetString(head, 0, n));
                raw.Client.LingerState = new LingerOption(true, 0);
            }
            await a.WriteMessage(Json("still here"), binary: false);
            var toA = await a.ReadMessage();
            var toB = await b.ReadMessage();
            await a.WriteMessage(Json("and again"), binary: false);
            var again = await b.ReadMessage();
            a.Close();
            b.Close();
            await b.Closed;
            return new[] { toA!.Text, toB!.Text, again!.Text };
        });
        Assert.Contains("still here", received[0]);
        Assert.Contains("still here", received[1]);
        Assert.Contains("and again", received[2]);
    }

    [Fact]
    public void A_long_poll_post_reaches_the_sockets()
    {
        var page = _server.Fetch("/");
        string cookie = page.Headers.GetList("Set-Cookie").Single(c => c.StartsWith("_xsrf=", StringComparison.Ordinal)).Split(';')[0];
        string xsrf = System.Text.RegularExpressions.Regex.Match(page.Text, "name=\"_xsrf\" value=\"([^\"]+)\"").Groups[1].Value;
        var text = RunClient(async () =>
        {
            var ws = await WebSocketClient.Connect(SocketUrl);
            var client = new AsyncHttpClient();
            var request = new HttpRequest(_server.GetUrl("/a/message/new"))
            {
                Method = "POST",
                Body = Encoding.UTF8.GetBytes("body=from+the+form&_xsrf=" + Uri.EscapeDataString(xsrf)),
            };
            request.Headers.Add("Content-Type", "application/x-www-form-urlencoded");
            request.Headers.Add("Cookie", cookie);
            await client.Fetch(request);
            var message = await ws.ReadMessage();
            ws.Close();
            await ws.Closed;
            return message!.Text;
        });
        Assert.Equal("from the form", JsonDocument.Parse(text).RootElement.GetProperty("body").GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"body\": \"\"}")]
    [InlineData("{\"other\": 1}")]
    public void A_message_that_is_not_a_chat_message_closes_with_1007(string payload)
    {
        var (code, reason) = RunClient(async () =>
        {
            var ws = await WebSocketClient.Connect(SocketUrl);
            await ws.WriteMessage(payload);
            Assert.Null(await ws.ReadMessage());
            return (ws.CloseCode, ws.CloseReason);
        });
        Assert.Equal(1007, code);
        Assert.Equal("expected {\"body\": \"...\"}", reason);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(IncomingMessage))]
internal sealed partial class ChatTestJson : System.Text.Json.Serialization.JsonSerializerContext
{
}
