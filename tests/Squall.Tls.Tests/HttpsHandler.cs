using Squall.Http;

namespace Squall.Tls.Tests;

/// <summary>The handler behind the HTTPS test servers: one path per behaviour.</summary>
internal sealed class HttpsHandler : IHttpHandler
{
    private static readonly HttpHeaders s_plain = new() { { "Content-Type", "text/plain" } };
    private static readonly byte[] s_big = CreateBig();

    public HttpBodyMode HeadersReceived(HttpServerRequest request) => HttpBodyMode.Buffered;

    public void DataReceived(HttpServerRequest request, ReadOnlySpan<byte> chunk) { }

    public Future RequestReceived(HttpServerRequest request)
    {
        var c = request.Connection;
        c.WriteHeaders(200, null, s_plain);
        switch (request.Path)
        {
            case "/protocol":
                c.Write(System.Text.Encoding.ASCII.GetBytes(request.Protocol + " " + request.FullUrl()));
                break;
            case "/echo":
                c.Write(request.Body.Span);
                break;
            case "/big":
                c.Write(s_big);
                break;
            default:
                c.Write("Hello, TLS!"u8);
                break;
        }
        c.Finish();
        return Future.Completed;
    }

    private static byte[] CreateBig()
    {
        var big = new byte[1024 * 1024];
        for (int i = 0; i < big.Length; i++) big[i] = (byte)('a' + i % 26);
        return big;
    }

    public static string BigText => System.Text.Encoding.ASCII.GetString(s_big);
}
