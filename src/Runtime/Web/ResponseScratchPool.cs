using Squall.Http;

namespace Squall.Web;

/// <summary>
/// Response headers and body buffers of finished handlers, kept per loop thread for the next handler: a handler that
/// is not reused (any handler with an asynchronous verb) would otherwise allocate both for every request.
/// </summary>
/// <remarks>
/// A handler gives them back in <see cref="RequestHandler.CompleteRequest"/>, when its verb has returned and its
/// response is finished (the connection has already serialized the headers), and drops its references then, so the
/// handler can never reach them again.
/// </remarks>
internal static class ResponseScratchPool
{
    private const int MaxPooled = 64;

    [ThreadStatic] private static Stack<HttpHeaders>? t_headers;
    [ThreadStatic] private static Stack<ResponseBuffer>? t_bodies;

    public static HttpHeaders RentHeaders() => t_headers is { Count: > 0 } pool ? pool.Pop() : new HttpHeaders();

    public static ResponseBuffer RentBody() => t_bodies is { Count: > 0 } pool ? pool.Pop() : new ResponseBuffer();

    public static void Return(HttpHeaders headers)
    {
        var pool = t_headers ??= new Stack<HttpHeaders>();
        if (pool.Count >= MaxPooled) return;
        headers.Clear();
        pool.Push(headers);
    }

    public static void Return(ResponseBuffer body)
    {
        var pool = t_bodies ??= new Stack<ResponseBuffer>();
        // The array goes back to the shared array pool either way, so idle buffers pin no memory.
        body.Release();
        if (pool.Count < MaxPooled) pool.Push(body);
    }
}
