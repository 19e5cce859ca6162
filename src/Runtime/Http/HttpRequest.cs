namespace Squall.Http;

/// <summary>A request for <see cref="AsyncHttpClient"/> with its options (Tornado's <c>HTTPRequest</c>).</summary>
public sealed class HttpRequest
{
    /// <summary>Creates a GET request for <paramref name="url"/> (<c>http://</c> only for now; HTTPS comes with TLS).</summary>
    public HttpRequest(string url)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        Url = url;
    }

    /// <summary>The absolute URL; IPv6 literals in brackets (<c>http://[::1]:8080/</c>).</summary>
    public string Url { get; set; }

    /// <summary>The method, <c>GET</c> by default.</summary>
    public string Method { get; set; } = "GET";

    /// <summary>Extra request headers (Host, Content-Length, Authorization are added by the client).</summary>
    public HttpHeaders Headers { get; set; } = new();

    /// <summary>The request body; null for none. POST, PUT and PATCH without one send <c>Content-Length: 0</c>.</summary>
    public ReadOnlyMemory<byte>? Body { get; set; }

    /// <summary>Time allowed to connect. Default 20 s (Tornado's default).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Time allowed for the whole request, connect included. Default 20 s (Tornado's default).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Follow 301/302/303/307/308 redirects. Default true.</summary>
    public bool FollowRedirects { get; set; } = true;

    /// <summary>Most redirects followed before the redirect response itself is returned. Default 5.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Ask for and decode <c>gzip</c>/<c>deflate</c> response bodies. Default true.</summary>
    public bool DecompressResponse { get; set; } = true;

    /// <summary>Receives body pieces as they arrive; the response's <see cref="HttpResponse.Body"/> is then empty.
    /// The memory is valid during the call only.</summary>
    public Action<ReadOnlyMemory<byte>>? StreamingCallback { get; set; }

    /// <summary>Receives the status line and each header line as they are parsed, then an empty line (as Tornado).</summary>
    public Action<string>? HeaderCallback { get; set; }

    /// <summary>User name for HTTP basic authentication.</summary>
    public string? AuthUsername { get; set; }

    /// <summary>Password for HTTP basic authentication.</summary>
    public string? AuthPassword { get; set; }

    /// <summary>The <c>User-Agent</c> header; null to send none.</summary>
    public string? UserAgent { get; set; } = "Squall/1.0";

    /// <summary>Largest response body buffered, both as received and once decompressed (not counting streamed bodies). Default 100 MiB.</summary>
    public long MaxBodySize { get; set; } = 100L * 1024 * 1024;

    internal HttpRequest CloneFor(string url, string method, ReadOnlyMemory<byte>? body) => new(url)
    {
        Method = method,
        Headers = Headers,
        Body = body,
        ConnectTimeout = ConnectTimeout,
        RequestTimeout = RequestTimeout,
        FollowRedirects = FollowRedirects,
        MaxRedirects = MaxRedirects,
        DecompressResponse = DecompressResponse,
        StreamingCallback = StreamingCallback,
        HeaderCallback = HeaderCallback,
        AuthUsername = AuthUsername,
        AuthPassword = AuthPassword,
        UserAgent = UserAgent,
        MaxBodySize = MaxBodySize,
    };
}
