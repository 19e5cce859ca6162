namespace Squall.Http.Tests;

/// <summary>
/// Nothing lost on a graceful close: a response the handler finished is delivered whole even when the connection
/// closes after it with input left unread (a request pipelined after <c>Connection: close</c>). Closing a socket with
/// unread input makes the kernel send RST, which throws away whatever of the response is still in flight.
/// </summary>
public sealed class GracefulCloseTests
{
    private const int BodySize = 4 * 1024 * 1024;

    private sealed class BigResponse : IHttpHandler
    {
        private static readonly byte[] s_body = Enumerable.Range(0, BodySize).Select(i => (byte)(i % 251)).ToArray();

        public Future RequestReceived(HttpServerRequest request)
        {
            request.Connection.WriteHeaders(200, null, new HttpHeaders { { "Content-Length", BodySize.ToString() } });
            request.Connection.Write(s_body);
            request.Connection.Finish();
            return Future.Completed;
        }
    }

    [Fact]
    public void A_finished_response_arrives_whole_when_the_connection_closes_with_unread_input()
    {
        using var server = new ServerOnThread(new BigResponse());
        using var client = new RawClient(server.Port);
        client.Send("GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /never-read HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = client.ReadResponse();
        Assert.Equal(200, response.Status);
        Assert.Equal(BodySize, response.Body.Length);
        for (int i = 0; i < BodySize; i += 4093) Assert.Equal((byte)(i % 251), response.Body[i]);
        Assert.True(client.IsClosedByServer());
    }
}
