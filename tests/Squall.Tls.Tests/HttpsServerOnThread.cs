using Squall.Http;
using Squall.IO;

namespace Squall.Tls.Tests;

/// <summary>
/// An HTTPS <see cref="HttpServer"/> on 127.0.0.1:0 running its own loop on a background thread, so tests can talk to
/// it with curl, Python, openssl and blocking sockets. Dispose stops the loop and joins the thread.
/// </summary>
internal sealed class HttpsServerOnThread : IDisposable
{
    private readonly Thread _thread;
    private IOLoop? _loop;
    private HttpServer? _server;

    public HttpsServerOnThread(HttpServerSettings settings, IHttpHandler? handler = null)
    {
        Log = new ListLogger();
        using var ready = new ManualResetEventSlim();
        Exception? failure = null;
        _thread = new Thread(() =>
        {
            try
            {
                _loop = new IOLoop(new IOLoopOptions { Logger = Log });
                _loop.MakeCurrent();
                _server = new HttpServer(handler ?? new HttpsHandler(), settings);
                _server.Listen(0, "127.0.0.1");
                Port = _server.BoundPort;
            }
            catch (Exception e)
            {
                failure = e;
                ready.Set();
                return;
            }
            ready.Set();
            _loop.Start();
            _server.Stop();
            _server.CloseAllConnections();
            _loop.Dispose();
        }) { IsBackground = true, Name = "https-test-server" };
        _thread.Start();
        if (!ready.Wait(TimeSpan.FromSeconds(20))) throw new TimeoutException("server did not start");
        if (failure is not null) throw failure;
    }

    public int Port { get; private set; }

    public ListLogger Log { get; }

    public string Url(string path, string host = "127.0.0.1") => $"https://{host}:{Port}{path}";

    /// <summary>Runs <paramref name="action"/> on the server's loop and waits for it.</summary>
    public T OnLoop<T>(Func<T> action)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop!.AddCallback(() =>
        {
            try { done.SetResult(action()); }
            catch (Exception e) { done.SetException(e); }
        });
        return done.Task.WaitAsync(TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
    }

    public int ConnectionCount => OnLoop(() => _server!.ConnectionCount);

    public long FailedHandshakes => OnLoop(() => _server!.FailedHandshakes);

    public void Dispose()
    {
        _loop?.Stop();
        _thread.Join(TimeSpan.FromSeconds(20));
    }
}

/// <summary>The handler behind <see cref="HttpsServerOnThread"/>: one path per behaviour.</summary>
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
