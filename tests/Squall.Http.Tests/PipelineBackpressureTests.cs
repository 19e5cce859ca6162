using System.Net.Sockets;
using System.Text;

namespace Squall.Http.Tests;

/// <summary>
/// A client that pipelines many requests and does not read: the server must stop reading its requests while the
/// responses queued for it exceed <see cref="Http1ServerConnection.MaxUnsentResponseBytes"/>, and resume as the client
/// reads, so that memory stays bounded and every response still arrives, in order.
/// </summary>
public sealed class PipelineBackpressureTests
{
    private const int Requests = 400;
    private const int BodySize = 16 * 1024;

    /// <summary>Answers every request with <see cref="BodySize"/> bytes, noting the bytes already queued for the client.</summary>
    private sealed class BigResponses : IHttpHandler
    {
        private static readonly byte[] s_body = Enumerable.Range(0, BodySize).Select(i => (byte)('a' + i % 26)).ToArray();

        public int Handled;
        public long MostUnsent;

        public HttpBodyMode HeadersReceived(HttpServerRequest request) => HttpBodyMode.Buffered;

        public void DataReceived(HttpServerRequest request, ReadOnlySpan<byte> chunk) { }

        public Future RequestReceived(HttpServerRequest request)
        {
            var connection = (Http1ServerConnection)request.Connection;
            MostUnsent = Math.Max(MostUnsent, connection.UnsentResponseBytes);
            Handled++;
            connection.WriteHeaders(200, null, new HttpHeaders { { "X-Sequence", Handled.ToString() } });
            connection.Write(s_body);
            connection.Finish();
            return Future.Completed;
        }

        public void OnConnectionClose(HttpServerRequest request) { }
    }

    [Fact]
    public void A_client_that_pipelines_without_reading_holds_a_bounded_response_queue_and_gets_every_response()
    {
        var handler = new BigResponses();
        using var server = new ServerOnThread(handler);
        using var client = new RawClient(server.Port);
        // A small receive window: the kernel holds little on the client's side, so the responses wait in the server.
        client.Socket.ReceiveBufferSize = 16 * 1024;
        // 400 requests (~13 KB) in one write, answered by 6.4 MB of responses that nobody reads yet.
        client.Send(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("GET /big HTTP/1.1\r\nHost: x\r\n\r\n", Requests))));

        for (int i = 1; i <= Requests; i++)
        {
            var response = client.ReadResponse();
            Assert.Equal(200, response.Status);
            Assert.Equal(i.ToString(), response.Header("X-Sequence"));
            Assert.Equal(BodySize, response.Body.Length);
        }
        Assert.Equal(Requests, server.OnLoop(() => handler.Handled));
        // Each request is handled only while at most the bound is queued: the queue never holds more than the bound
        // plus one response (without the bound it reached megabytes).
        long most = server.OnLoop(() => handler.MostUnsent);
        Assert.InRange(most, 0, Http1ServerConnection.MaxUnsentResponseBytes);
    }
}
