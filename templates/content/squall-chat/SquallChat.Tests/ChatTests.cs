using System.Text;
using Squall;
using Squall.Http;
using Squall.Testing;

namespace SquallChat.Tests;

/// <summary>
/// The chat over real sockets: <see cref="AsyncHttpTestServer"/> serves the application on 127.0.0.1, port 0, on its own
/// IOLoop thread; the WebSocket clients run on a second loop (one per test) with a 30 s bound on every test.
/// </summary>
public sealed class ChatTests : IDisposable
{
    private readonly AsyncHttpTestServer _server = new(WebApp.Routes);

    public void Dispose() => _server.Dispose();

    private string SocketUrl => _server.GetUrl("/chatsocket").Replace("http:", "ws:");

    private static T RunClient<T>(Func<Future<T>> coroutine)
    {
        using var loop = new IOLoop();
        loop.MakeCurrent();
        return loop.RunSync(coroutine, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void PageOpensTheChatSocket()
    {
        var response = _server.Fetch("/");

        Assert.Equal(200, response.Code);
        Assert.Contains("/chatsocket", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void MessageReachesEverySocketInTheRoom()
    {
        var (toSender, toOther) = RunClient(async () =>
        {
            var alice = await WebSocketClient.Connect(SocketUrl);
            var bob = await WebSocketClient.Connect(SocketUrl);
            // Bob is in the room once the server has answered something on his socket: his own hello.
            await bob.WriteMessage("""{"body":"bob is here"}""");
            await bob.ReadMessage();
            await alice.ReadMessage();

            await alice.WriteMessage("""{"body":"hello, room"}""");
            var a = await alice.ReadMessage();
            var b = await bob.ReadMessage();
            alice.Close();
            bob.Close();
            await alice.Closed;
            await bob.Closed;
            return (a!.Text, b!.Text);
        });

        Assert.Matches("""^\{"id":\d+,"body":"hello, room"\}$""", toSender);
        Assert.Equal(toSender, toOther);
    }

    [Fact]
    public void MessageThatIsNotChatJsonClosesTheSocketWith1007()
    {
        var (closeCode, reason) = RunClient(async () =>
        {
            var socket = await WebSocketClient.Connect(SocketUrl);
            await socket.WriteMessage("not json");
            var next = await socket.ReadMessage();
            Assert.Null(next);
            await socket.Closed;
            return (socket.CloseCode, socket.CloseReason);
        });

        Assert.Equal(WebSocketCloseCodes.InvalidPayload, closeCode);
        Assert.Equal("""expected {"body": "..."}""", reason);
    }
}
