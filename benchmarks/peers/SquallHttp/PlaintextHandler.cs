using Squall.Http;

namespace Squall.Benchmarks.Peers;

/// <summary>
/// The benchmark's two endpoints on the low-level handler interface: <c>GET /plaintext</c> answers
/// <c>Hello, World!</c> (text/plain) and <c>GET /json</c> answers <c>{"message":"Hello, World!"}</c>
/// (application/json); anything else is 404. Bodies and header sets are built once, so a request costs
/// only the server, as in the other peers.
/// </summary>
internal sealed class PlaintextHandler : IHttpHandler
{
    private static readonly byte[] PlaintextBody = "Hello, World!"u8.ToArray();
    private static readonly byte[] JsonBody = """{"message":"Hello, World!"}"""u8.ToArray();
    private static readonly byte[] NotFoundBody = "Not Found"u8.ToArray();

    private static readonly HttpHeaders TextHeaders = ContentType("text/plain");
    private static readonly HttpHeaders JsonHeaders = ContentType("application/json");

    public Future RequestReceived(HttpServerRequest request)
    {
        var connection = request.Connection;
        if (request.Method == "GET" && request.Path == "/plaintext")
        {
            connection.WriteHeaders(200, headers: TextHeaders);
            connection.Write(PlaintextBody);
        }
        else if (request.Method == "GET" && request.Path == "/json")
        {
            connection.WriteHeaders(200, headers: JsonHeaders);
            connection.Write(JsonBody);
        }
        else
        {
            connection.WriteHeaders(404, headers: TextHeaders);
            connection.Write(NotFoundBody);
        }
        connection.Finish();
        return Future.Completed;
    }

    private static HttpHeaders ContentType(string value)
    {
        var headers = new HttpHeaders();
        headers.Add("Content-Type", value);
        return headers;
    }
}
