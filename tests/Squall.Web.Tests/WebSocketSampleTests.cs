extern alias HelloWorldSample;

using Squall.Http;
using Squall.Testing;

namespace Squall.Web.Tests;

/// <summary>Generated WebSocket dispatch over real sockets: HelloWorld's /ws/echo and route values bound to Open.</summary>
public sealed class WebSocketSampleTests
{
    private static T RunClient<T>(Func<Future<T>> coroutine)
    {
        using var loop = new IOLoop();
        loop.MakeCurrent();
        return loop.RunSync(coroutine, TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HelloWorld_echo_socket_echoes_text_as_text_and_binary_as_binary(bool compress)
    {
        using var server = new AsyncHttpTestServer(HelloWorldSample::HelloWorld.HelloWorldApp.Routes);
        var (text, binary, extensions) = RunClient(async () =>
        {
            var ws = await WebSocketClient.Connect(server.GetUrl("/ws/echo").Replace("http:", "ws:"), compression: compress ? new WebSocketCompressionOptions() : null);
            await ws.WriteMessage(string.Concat(Enumerable.Repeat("echo me ", 100)));
            var t = await ws.ReadMessage();
            await ws.WriteMessage(new byte[] { 1, 2, 3 });
            var b = await ws.ReadMessage();
            ws.Close();
            await ws.Closed;
            return (t!, b!, ws.Extensions);
        });
        Assert.True(text.IsText);
        Assert.Equal(string.Concat(Enumerable.Repeat("echo me ", 100)), text.Text);
        Assert.True(binary.IsBinary);
        Assert.Equal(new byte[] { 1, 2, 3 }, binary.Data.ToArray());
        if (compress) Assert.StartsWith("permessage-deflate", extensions);
        else Assert.Null(extensions);
    }

    [Fact]
    public void Route_values_are_bound_to_Open_and_messages_wait_for_it()
    {
        using var server = new AsyncHttpTestServer(Squall.Generated.Routes.Table);
        var (welcome, reply) = RunClient(async () =>
        {
            var ws = await WebSocketClient.Connect(server.GetUrl("/ws/rooms/lobby/7").Replace("http:", "ws:"));
            await ws.WriteMessage("hi"); // sent before Open has finished: delivered after it
            var w = await ws.ReadMessage();
            var r = await ws.ReadMessage();
            ws.Close();
            await ws.Closed;
            return (w!.Text, r!.Text);
        });
        Assert.Equal("welcome to lobby 7", welcome);
        Assert.Equal("lobby 7: hi", reply);
    }

    [Fact]
    public void Prepare_can_refuse_the_upgrade_and_other_methods_get_405()
    {
        using var server = new AsyncHttpTestServer(Squall.Generated.Routes.Table);
        var refused = Assert.Throws<HttpClientError>(() => RunClient(() => WebSocketClient.Connect(server.GetUrl("/ws/guarded").Replace("http:", "ws:"))));
        Assert.Equal(401, refused.Code);
        var accepted = RunClient(async () =>
        {
            var ws = await WebSocketClient.Connect(server.GetUrl("/ws/guarded?token=secret").Replace("http:", "ws:"));
            ws.Close();
            await ws.Closed;
            return ws.CloseCode;
        });
        Assert.Equal(1000, accepted);
        var post = server.Fetch("/ws/echo-not-here");
        Assert.Equal(404, post.Code);
        var wrongMethod = server.Fetch("/ws/guarded?token=secret", "POST", "");
        Assert.Equal(405, wrongMethod.Code);
        Assert.Equal("GET", wrongMethod.Headers["Allow"]);
    }
}
