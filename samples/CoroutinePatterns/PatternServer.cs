using System.Text;
using Squall.Http;

namespace Squall.Samples.CoroutinePatterns;

/// <summary>
/// The HTTP server the sample fetches from, on 127.0.0.1 (port 0 by default): every page answers after
/// <see cref="Latency"/> with <c>"body of {url}"</c>; <c>/missing</c> answers 404; <c>/chunk/{i}</c> answers
/// <c>"chunk {i} "</c>. A plain <see cref="IHttpHandler"/> on <see cref="HttpServer"/>, no web framework.
/// </summary>
public sealed class PatternServer : IHttpHandler, IDisposable
{
    private readonly HttpServer _server;

    /// <summary>Starts listening on the current loop.</summary>
    public PatternServer(TimeSpan latency, int port = 0)
    {
        Latency = latency;
        _server = new HttpServer(this);
        _server.Listen(port, "127.0.0.1");
    }

    /// <summary>How long each response takes.</summary>
    public TimeSpan Latency { get; }

    /// <summary>The server's root URL, e.g. <c>http://127.0.0.1:34567</c>.</summary>
    public string BaseUrl => $"http://127.0.0.1:{_server.BoundPort}";

    /// <summary>Requests answered so far.</summary>
    public int Requests { get; private set; }

    /// <inheritdoc />
    public Future RequestReceived(HttpServerRequest request) => Respond(request);

    private async Future Respond(HttpServerRequest request)
    {
        Requests++;
        await Gen.Sleep(Latency);
        var c = request.Connection;
        if (request.Path.StartsWith("/missing", StringComparison.Ordinal))
        {
            c.WriteHeaders(404);
            c.Write("no such page"u8);
        }
        else if (request.Path.StartsWith("/chunk/", StringComparison.Ordinal))
        {
            c.Write(Encoding.UTF8.GetBytes($"chunk {request.Path["/chunk/".Length..]} "));
        }
        else
        {
            c.Write(Encoding.UTF8.GetBytes("body of " + request.FullUrl()));
        }
        c.Finish();
    }

    /// <summary>Stops listening and closes open connections.</summary>
    public void Dispose()
    {
        _server.Stop();
        _server.CloseAllConnections();
    }
}
