using System.Text;
using Squall.Http;

namespace Squall.Http.Tests;

/// <summary>The server-side handler the conformance and interop tests talk to; one path per behaviour.</summary>
internal sealed class TestHandler : IHttpHandler, Squall.TestSupport.IReportsChanges
{
    private static readonly HttpHeaders s_plain = new() { { "Content-Type", "text/plain" } };

    public int ConnectionCloses;
    public int StreamedBytes;
    public readonly List<string> Seen = new();

    /// <summary>Called on the loop after each change of the fields above (<see cref="ServerOnThread.WaitUntil"/> re-checks on it).</summary>
    public Action? Changed { get; set; }

    public HttpBodyMode HeadersReceived(HttpServerRequest request)
    {
        if (request.Path == "/reject-early")
        {
            request.Connection.WriteHeaders(401);
            request.Connection.Finish();
        }
        return request.Path.StartsWith("/stream", StringComparison.Ordinal) ? HttpBodyMode.Streamed : HttpBodyMode.Buffered;
    }

    public void DataReceived(HttpServerRequest request, ReadOnlySpan<byte> chunk)
    {
        StreamedBytes += chunk.Length;
        Changed?.Invoke();
    }

    public Future RequestReceived(HttpServerRequest request)
    {
        var c = request.Connection;
        Seen.Add(request.Method + " " + request.Uri);
        Changed?.Invoke();
        switch (request.Path)
        {
            case "/":
            case "/hello":
            case "/plaintext":
                c.WriteHeaders(200, null, s_plain);
                c.Write("Hello, World!"u8);
                c.Finish();
                return Future.Completed;
            case "/echo":
            {
                var headers = new HttpHeaders { { "Content-Type", "application/octet-stream" } };
                if (request.Headers["X-Consumed-Content-Encoding"] is { } enc) headers.Add("X-Decoded-From", enc);
                c.WriteHeaders(200, null, headers);
                c.Write(request.Body.Span);
                c.Finish();
                return Future.Completed;
            }
            case "/stream":
                c.WriteHeaders(200);
                c.Write(Encoding.ASCII.GetBytes("streamed " + StreamedBytes));
                c.Finish();
                return Future.Completed;
            case "/path":
                c.Write(Encoding.UTF8.GetBytes(request.Path + "|" + request.Query + "|" + request.Version));
                c.Finish();
                return Future.Completed;
            case "/args":
            {
                var sb = new StringBuilder();
                foreach (var (k, v) in request.Arguments.OrderBy(p => p.Key, StringComparer.Ordinal)) sb.Append(k).Append('=').Append(string.Join(",", v)).Append(';');
                foreach (var (k, files) in request.Files) foreach (var f in files) sb.Append("file:").Append(k).Append('=').Append(f.Filename).Append('/').Append(f.ContentType).Append('/').Append(Encoding.UTF8.GetString(f.Body.Span)).Append(';');
                c.Write(Encoding.UTF8.GetBytes(sb.ToString()));
                c.Finish();
                return Future.Completed;
            }
            case "/remote":
                c.Write(Encoding.UTF8.GetBytes(request.RemoteIp + " " + request.Protocol));
                c.Finish();
                return Future.Completed;
            case "/length":
                c.WriteHeaders(200, null, new HttpHeaders { { "Content-Length", "5" } });
                c.Write("12345"u8);
                c.Finish();
                return Future.Completed;
            case "/204":
                c.WriteHeaders(204);
                c.Finish();
                return Future.Completed;
            case "/304":
                c.WriteHeaders(304);
                c.Write("ignored"u8);
                c.Finish();
                return Future.Completed;
            case "/close":
                c.WriteHeaders(200, null, new HttpHeaders { { "Connection", "close" } });
                c.Write("bye"u8);
                c.Finish();
                return Future.Completed;
            case "/flush":
                return FlushTwice(c);
            case "/async":
                return AsyncHello(c);
            case "/throw":
                throw new InvalidOperationException("boom");
            case "/throw-async":
                return ThrowLater();
            case "/hang":
                return Future.Completed; // never finishes: the test disconnects
            case "/redirect":
            {
                int code = int.Parse(request.QueryArguments.TryGetValue("code", out var codes) ? codes[0] : "302");
                c.WriteHeaders(code, null, new HttpHeaders { { "Location", request.QueryArguments["to"][0] } });
                c.Finish();
                return Future.Completed;
            }
            case "/method":
                c.Write(Encoding.UTF8.GetBytes(request.Method + ":" + Encoding.UTF8.GetString(request.Body.Span)));
                c.Finish();
                return Future.Completed;
            case "/auth":
                c.Write(Encoding.UTF8.GetBytes(request.Headers["Authorization"] ?? "none"));
                c.Finish();
                return Future.Completed;
            case "/big":
                c.Write(new byte[1024 * 1024]);
                c.Finish();
                return Future.Completed;
            default:
                c.WriteHeaders(404);
                c.Write("not found"u8);
                c.Finish();
                return Future.Completed;
        }
    }

    public void OnConnectionClose(HttpServerRequest request)
    {
        ConnectionCloses++;
        Changed?.Invoke();
    }

    private static async Future FlushTwice(IHttpConnection c)
    {
        c.WriteHeaders(200);
        c.Write("first,"u8);
        await c.Flush();
        await Gen.Sleep(TimeSpan.FromMilliseconds(5));
        c.Write("second"u8);
        c.Finish();
    }

    private static async Future AsyncHello(IHttpConnection c)
    {
        await Gen.Sleep(TimeSpan.FromMilliseconds(5));
        c.Write("async hello"u8);
        c.Finish();
    }

    private static async Future ThrowLater()
    {
        await Gen.Sleep(TimeSpan.FromMilliseconds(1));
        throw new InvalidOperationException("async boom");
    }
}
