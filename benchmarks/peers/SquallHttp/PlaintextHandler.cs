using Squall.Http;

namespace Squall.Benchmarks.Peers;

/// <summary>
/// The benchmark's two endpoints on the low-level handler interface: <c>GET /plaintext</c> answers
/// <c>Hello, World!</c> (text/plain) and <c>GET /json</c> answers <c>{"message":"Hello, World!"}</c>
/// (application/json); anything else is 404. Bodies are encoded once, so a request costs only the server.
/// </summary>
internal sealed class PlaintextHandler : IHttpHandler
{
    private static readonly byte[] PlaintextBody = "Hello, World!"u8.ToArray();
    private static readonly byte[] JsonBody = """{"message":"Hello, World!"}"""u8.ToArray();
    private static readonly byte[] NotFoundBody = "Not Found"u8.ToArray();

    public void HandleRequest(HttpServerRequest request, IHttpResponseWriter response)
    {
        if (request.Method == "GET" && request.Path == "/plaintext")
        {
            Answer(response, 200, "text/plain", PlaintextBody);
        }
        else if (request.Method == "GET" && request.Path == "/json")
        {
            Answer(response, 200, "application/json", JsonBody);
        }
        else
        {
            Answer(response, 404, "text/plain", NotFoundBody);
        }
    }

    private static void Answer(IHttpResponseWriter response, int status, string contentType, byte[] body)
    {
        var headers = new HttpHeaders();
        headers.Add("Content-Type", contentType);
        response.WriteHeaders(status, headers);
        response.Write(body);
        response.Finish();
    }
}
