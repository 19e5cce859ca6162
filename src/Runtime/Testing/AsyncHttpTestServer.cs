using Squall.Http;
using Squall.Web;

namespace Squall.Testing;

/// <summary>
/// An <see cref="Application"/> served on 127.0.0.1, port 0, by its own loop on its own thread, with a client on the
/// same loop (Tornado's <c>AsyncHTTPTestCase</c>). Test code calls <c>Fetch</c> / <c>FetchAsync</c> from
/// any thread; every call has a timeout, and <see cref="Dispose"/> stops the loop and joins its thread.
/// </summary>
public sealed class AsyncHttpTestServer : IDisposable
{
    private readonly Thread _thread;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IOLoop? _loop;
    private HttpServer? _server;
    private AsyncHttpClient? _client;
    private bool _disposed;

    /// <summary>Starts serving <paramref name="routes"/>; returns once the port is bound.</summary>
    public AsyncHttpTestServer(RouteTable routes, ApplicationSettings? settings = null, HttpServerSettings? serverSettings = null)
        : this(routes, settings, serverSettings, loopOptions: null)
    {
    }

    /// <summary>Starts serving on a loop made with <paramref name="loopOptions"/> (Squall's own tests give it a manual clock or a logger).</summary>
    internal AsyncHttpTestServer(RouteTable routes, ApplicationSettings? settings, HttpServerSettings? serverSettings, IOLoopOptions? loopOptions)
    {
        Application = new Application(routes, settings);
        _thread = new Thread(() => RunLoop(serverSettings, loopOptions)) { IsBackground = true, Name = "AsyncHttpTestServer loop" };
        _thread.Start();
        if (!_started.Task.Wait(TimeSpan.FromSeconds(10))) throw new TimeoutException("The test server did not start within 10 s.");
        _started.Task.GetAwaiter().GetResult();
    }

    /// <summary>The application under test.</summary>
    public Application Application { get; }

    /// <summary>The server's loop.</summary>
    public IOLoop Loop => _loop!;

    /// <summary>The HTTP server.</summary>
    public HttpServer Server => _server!;

    /// <summary>The bound port.</summary>
    public int Port { get; private set; }

    /// <summary>How long a fetch may take before it fails (default 10 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The absolute URL of <paramref name="path"/> on this server (Tornado's <c>get_url</c>).</summary>
    public string GetUrl(string path) => "http://127.0.0.1:" + Port + path;

    /// <summary>Fetches <paramref name="path"/>; never throws for non-2xx (inspect <see cref="HttpResponse.Code"/>).</summary>
    public HttpResponse Fetch(string path, string method = "GET", string? body = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null, bool followRedirects = false)
    {
        var task = FetchAsync(path, method, body, headers, followRedirects);
        if (!task.Wait(Timeout + TimeSpan.FromSeconds(5))) throw new TimeoutException($"{method} {path} did not complete.");
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Starts a fetch from any thread; the task completes off the loop thread.</summary>
    public Task<HttpResponse> FetchAsync(string path, string method = "GET", string? body = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null, bool followRedirects = false)
    {
        var request = new HttpRequest(GetUrl(path))
        {
            Method = method,
            FollowRedirects = followRedirects,
            RequestTimeout = Timeout,
            ConnectTimeout = Timeout,
            DecompressResponse = false,
        };
        if (body is not null) request.Body = System.Text.Encoding.UTF8.GetBytes(body);
        if (headers is not null)
            foreach (var (k, v) in headers) request.Headers.Add(k, v);
        return FetchAsync(request);
    }

    /// <summary>Starts a fetch of a fully specified request.</summary>
    public Task<HttpResponse> FetchAsync(HttpRequest request)
    {
        var tcs = new TaskCompletionSource<HttpResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        Loop.AddCallback(() =>
        {
            try
            {
                var future = _client!.Fetch(request, raiseError: false);
                future.AddDoneCallback(f =>
                {
                    var typed = (Future<HttpResponse>)f;
                    if (typed.Exception is { } e) tcs.TrySetException(e);
                    else tcs.TrySetResult(typed.Result);
                });
            }
            catch (Exception e)
            {
                tcs.TrySetException(e);
            }
        });
        return tcs.Task;
    }

    /// <summary>Runs <paramref name="action"/> on the loop thread and waits for it.</summary>
    public T Invoke<T>(Func<T> action)
    {
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Loop.AddCallback(() =>
        {
            try
            {
                tcs.TrySetResult(action());
            }
            catch (Exception e)
            {
                tcs.TrySetException(e);
            }
        });
        if (!tcs.Task.Wait(Timeout)) throw new TimeoutException("The loop did not run the callback.");
        return tcs.Task.GetAwaiter().GetResult();
    }

    /// <summary>Stops the server and the loop, and joins the loop thread.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _loop?.AddCallback(() =>
        {
            _server?.Stop();
            _server?.CloseAllConnections();
            _client?.Dispose();
            _loop.Stop();
        });
        _thread.Join(TimeSpan.FromSeconds(10));
    }

    private void RunLoop(HttpServerSettings? serverSettings, IOLoopOptions? loopOptions)
    {
        try
        {
            _loop = new IOLoop(loopOptions);
            _loop.MakeCurrent();
            _client = new AsyncHttpClient();
            _server = Application.Listen(0, "127.0.0.1", serverSettings);
            Port = _server.BoundPort;
        }
        catch (Exception e)
        {
            _started.TrySetException(e);
            return;
        }
        _started.TrySetResult();
        try
        {
            _loop.Start();
        }
        finally
        {
            _loop.Dispose();
        }
    }
}
