using System.Diagnostics;
using Squall.IO;

namespace Squall.Http;

/// <summary>
/// A non-blocking HTTP/1.1 client on <see cref="TcpClient"/>/<see cref="IOStream"/> (Tornado's <c>AsyncHTTPClient</c>):
/// at most <see cref="MaxClients"/> requests at once (the rest wait in a queue), keep-alive connections reused per
/// host and port, redirects, timeouts, decompression. Loop-affine: use it on the loop thread that made it.
/// </summary>
public sealed class AsyncHttpClient : IDisposable
{
    [ThreadStatic] private static AsyncHttpClient? t_shared;

    private readonly Queue<Future> _waiting = new();
    private readonly ConnectionPool _pool = new();
    private readonly TlsClientOptions _tls = new();
    private int _active;
    private bool _disposed;

    /// <summary>Creates a client with its own connection pool and queue.</summary>
    public AsyncHttpClient() { }

    /// <summary>The client shared by everything on this thread's loop (Tornado's per-loop <c>AsyncHTTPClient()</c> instance).</summary>
    public static AsyncHttpClient Shared => t_shared is { _disposed: false } c ? c : t_shared = new AsyncHttpClient();

    /// <summary>Most requests in flight at once; more wait in a first-come queue. Default 10 (Tornado's default).</summary>
    public int MaxClients { get; set; } = 10;

    /// <summary>Most idle keep-alive connections kept per host and port. Default 8.</summary>
    public int MaxIdleConnectionsPerHost
    {
        get => _pool.MaxIdlePerHost;
        set => _pool.MaxIdlePerHost = value;
    }

    /// <summary>Requests in flight now.</summary>
    public int ActiveRequests => _active;

    /// <summary>Requests waiting for a slot.</summary>
    public int QueuedRequests => _waiting.Count;

    /// <summary>GETs <paramref name="url"/>; non-2xx raises <see cref="HttpClientError"/>.</summary>
    public Future<HttpResponse> Fetch(string url) => Fetch(new HttpRequest(url));

    /// <summary>
    /// Performs <paramref name="request"/>. A non-2xx response raises <see cref="HttpClientError"/> carrying it unless
    /// <paramref name="raiseError"/> is false; timeouts and connection failures always raise it with code 599 (as Tornado 6).
    /// </summary>
    public Future<HttpResponse> Fetch(HttpRequest request, bool raiseError = true)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return FetchAsync(request, raiseError);
    }

    /// <summary>The seed's callback style: <paramref name="callback"/> gets the response, or one with code 599 and
    /// <see cref="HttpResponse.Error"/> set when the fetch failed (Tornado's <c>fetch(url, callback)</c>).</summary>
    public void Fetch(string url, Action<HttpResponse> callback) => Fetch(new HttpRequest(url), callback);

    /// <summary>Callback style for a full request; see <see cref="Fetch(string, Action{HttpResponse})"/>.</summary>
    public void Fetch(HttpRequest request, Action<HttpResponse> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var loop = IOLoop.Current;
        long started = loop.Now();
        Fetch(request, raiseError: false).AddDoneCallback(f =>
        {
            var future = (Future<HttpResponse>)f;
            callback(future.Exception is { } e
                ? new HttpResponse(request, e is HttpClientError he ? he.Code : 599, e.Message, new HttpHeaders(), ReadOnlyMemory<byte>.Empty,
                    request.Url, Stopwatch.GetElapsedTime(started, loop.Now()), e)
                : future.Result);
        });
    }

    /// <summary>Closes the idle pooled connections; queued requests still run on fresh ones.</summary>
    public void Dispose()
    {
        _disposed = true;
        _pool.Clear();
    }

    private async Future<HttpResponse> FetchAsync(HttpRequest request, bool raiseError)
    {
        // RequestTime is on the loop's clock, as its timeouts are (Tornado: io_loop.time()).
        var loop = IOLoop.Current;
        long started = loop.Now();
        await AcquireSlot();
        HttpResponse response;
        try
        {
            response = await FollowAsync(request, loop, started);
        }
        finally
        {
            ReleaseSlot();
        }
        if (raiseError && response.Code is < 200 or >= 300)
        {
            throw new HttpClientError(response.Code, response.Reason, response);
        }
        return response;
    }

    private async Future<HttpResponse> FollowAsync(HttpRequest original, IOLoop loop, long started)
    {
        var current = original;
        int redirects = 0;
        while (true)
        {
            var uri = ParseUrl(current.Url);
            var result = await ExchangeWithTimeoutAsync(current, uri);
            if (current.FollowRedirects && redirects < current.MaxRedirects
                && result.Code is 301 or 302 or 303 or 307 or 308 && result.Headers["Location"] is { } location)
            {
                var next = new Uri(uri, location);
                // RFC 9110 §15.4: 303 (and, as browsers and Tornado do, 301/302) turn into GET without a body;
                // 307/308 repeat the method and body.
                bool toGet = result.Code is 301 or 302 or 303 && current.Method != "HEAD";
                current = current.CloneFor(next.AbsoluteUri, toGet ? "GET" : current.Method, toGet ? null : current.Body);
                if (toGet) current.Headers = WithoutBodyHeaders(current.Headers);
                if (!SameOrigin(uri, next)) RedirectCredentials.Drop(current);
                redirects++;
                continue;
            }
            return new HttpResponse(original, result.Code, result.Reason, result.Headers, result.Body, current.Url, Stopwatch.GetElapsedTime(started, loop.Now()));
        }
    }

    // RFC 6454 origin: scheme, host and port (the default port made explicit by Uri.Port).
    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && a.Port == b.Port && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase);

    private static HttpHeaders WithoutBodyHeaders(HttpHeaders headers)
    {
        var copy = new HttpHeaders();
        foreach (var (k, v) in headers)
        {
            if (!k.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !k.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) copy.Add(k, v);
        }
        return copy;
    }

    private static Uri ParseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) throw new ArgumentException($"Not an absolute URL: {url}", nameof(url));
        if (uri.Scheme is not ("http" or "https")) throw new NotSupportedException($"Scheme '{uri.Scheme}' is not supported (http and https only).");
        return uri;
    }

    /// <summary>One request/response on a pooled or new connection, under <see cref="HttpRequest.RequestTimeout"/>.</summary>
    private async Future<ClientExchangeResult> ExchangeWithTimeoutAsync(HttpRequest request, Uri uri)
    {
        var loop = IOLoop.Current;
        bool https = uri.Scheme == "https";
        // Pooled per scheme, host and port: an https connection must never carry a plain request, nor the reverse.
        // A request with its own TLS settings (CA file, client certificate, no validation) has its own pool entry too.
        string key = uri.Scheme + "://" + uri.Host + ":" + uri.Port + (https ? TlsClientOptions.PoolSuffix(request) : "");
        IOStream? stream = null;
        bool timedOut = false;
        var timer = loop.CallLater(request.RequestTimeout, () =>
        {
            timedOut = true;
            stream?.Close(new TimeoutException("Request timed out"));
        });
        try
        {
            for (int attempt = 0; ; attempt++)
            {
                bool reused = _pool.TryTake(key, out stream);
                if (!reused)
                {
                    try
                    {
                        var connect = TcpClient.Connect(uri.DnsSafeHost, uri.Port, request.ConnectTimeout,
                            sslOptions: https ? _tls.For(request, uri) : null);
                        var connected = await Gen.WithTimeout(request.RequestTimeout, connect);
                        if (timedOut)
                        {
                            connected.Close();
                            throw new TimeoutException("Request timed out");
                        }
                        stream = connected;
                    }
                    catch (TimeoutException e)
                    {
                        throw new HttpClientError(599, "Timeout while connecting", inner: e);
                    }
                    catch (Exception e) when (https && e is System.Security.Authentication.AuthenticationException or IOException
                        or System.Security.Cryptography.CryptographicException)
                    {
                        throw new HttpClientError(599, "TLS handshake failed: " + TlsClientOptions.Describe(e), inner: e);
                    }
                    catch (Exception e) when (e is not HttpClientError)
                    {
                        throw new HttpClientError(599, "Connection failed: " + e.Message, inner: e);
                    }
                }
                var progress = new ExchangeProgress();
                try
                {
                    var result = await Http1ClientConnection.ExchangeAsync(stream!, request, uri, progress);
                    if (result.KeepAlive && !stream!.Closed && stream.Buffered.IsEmpty) _pool.Return(key, stream);
                    else stream!.Close();
                    return result;
                }
                catch (StreamClosedException e)
                {
                    stream!.Close();
                    if (timedOut) throw new HttpClientError(599, "Timeout during request", inner: e.InnerException ?? e);
                    // A pooled connection the server closed while idle: retry once on a fresh one, if nothing was
                    // answered and sending the request again cannot do anything twice. Once a byte of a POST is out,
                    // the server may have acted on it (RFC 9110 §9.2.2: only idempotent methods are retried).
                    if (reused && !progress.ResponseStarted && attempt == 0 && (!progress.RequestWritten || IsIdempotent(request.Method))) continue;
                    throw new HttpClientError(599, "Connection closed: " + e.Message, inner: e);
                }
                catch (UnsatisfiableReadException e)
                {
                    stream!.Close();
                    throw new HttpClientError(599, "Response head too large", inner: e);
                }
                catch
                {
                    stream!.Close();
                    throw;
                }
            }
        }
        finally
        {
            loop.RemoveTimeout(timer);
        }
    }

    // RFC 9110 §9.2.2.
    private static bool IsIdempotent(string method) => method is "GET" or "HEAD" or "OPTIONS" or "TRACE" or "PUT" or "DELETE";

    private Future AcquireSlot()
    {
        if (_active < MaxClients)
        {
            _active++;
            return Future.Completed;
        }
        var wait = new Future();
        _waiting.Enqueue(wait);
        return wait;
    }

    private void ReleaseSlot()
    {
        // The slot passes straight to the next queued request, so the count stays the same.
        if (_waiting.TryDequeue(out var next)) next.SetResult();
        else _active--;
    }
}
