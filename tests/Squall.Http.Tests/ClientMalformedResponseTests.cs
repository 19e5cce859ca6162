using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Squall.Http.Tests;

/// <summary>
/// Regression tests for what the client-response fuzz target found (fuzz/findings/client-response): the client
/// accepted a status code below 100 ("030"), field names that are not tokens (with spaces, a whole status line), and
/// field values holding a bare LF or CR. Each must be a 599, never a response.
/// </summary>
public sealed class ClientMalformedResponseTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("HTTP/1.1 030 Odd\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nHTTP/1.1 304 Moved: x\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\n folded: x\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nX-Split: a\nSet-Cookie: injected=1\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nX-Cr: a\rb\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nConte\nt-Length: 0\r\n\r\n")]
    public void A_malformed_response_head_is_a_599(string response)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var serve = Task.Run(async () =>
        {
            using var peer = await listener.AcceptAsync();
            var buffer = new byte[4096];
            var head = new StringBuilder();
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                int n = await peer.ReceiveAsync(buffer);
                if (n == 0) return;
                head.Append(Encoding.Latin1.GetString(buffer, 0, n));
            }
            await peer.SendAsync(Encoding.Latin1.GetBytes(response));
            peer.Shutdown(SocketShutdown.Send);
        });

        using var loop = new IOLoop();
        loop.MakeCurrent();
        var client = new AsyncHttpClient();
        var error = loop.RunSync(async () =>
        {
            try
            {
                await client.Fetch($"http://127.0.0.1:{port}/");
                return null;
            }
            catch (HttpClientError e)
            {
                return e;
            }
        }, Timeout);
        Assert.NotNull(error);
        Assert.Equal(599, error.Code);
        Assert.Null(error.Response); // refused as a whole: no response object was made from the bad head
        serve.Wait(Timeout);
    }
}
