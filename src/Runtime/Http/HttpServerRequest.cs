using System.Net;

namespace Squall.Http;

/// <summary>
/// One HTTP request as the server parsed it (Tornado's <c>HTTPServerRequest</c>). The server pools these objects:
/// after the response is finished and the handler's future is done, the instance is reset and handed to the next
/// request (on any connection), so do not keep a reference past that point; <see cref="Body"/> is valid only
/// while the request is handled.
/// </summary>
public sealed class HttpServerRequest
{
    private string _uri = "/";
    private string? _path;
    private string? _query;
    private Dictionary<string, List<string>>? _queryArguments;
    private Dictionary<string, List<string>>? _bodyArguments;
    private Dictionary<string, List<string>>? _arguments;
    private Dictionary<string, List<HttpFile>>? _files;
    private string? _host;
    private string? _targetAuthority; // the host of an absolute-form target, which overrides the Host header

    /// <summary>Creates an empty request; the server fills it (public so tests and adapters can build one).</summary>
    public HttpServerRequest(IHttpConnection connection)
    {
        Connection = connection;
    }

    /// <summary>The method as sent (<c>GET</c>, <c>POST</c>, ...); known methods are cached strings.</summary>
    public string Method { get; set; } = "GET";

    /// <summary>The request target as sent: path and query (<c>/a/b?x=1</c>), or an absolute URI for proxies.</summary>
    public string Uri
    {
        get => _uri;
        set
        {
            _uri = value;
            _path = null;
            _targetAuthority = null;
            _query = null;
            _queryArguments = null;
            _arguments = null;
        }
    }

    /// <summary>
    /// The part of <see cref="Uri"/> before <c>?</c>, percent-encoded as sent. For an absolute-form target
    /// (<c>http://host/a?b</c>, RFC 9112 §3.2.2) it is the path alone (<c>/a</c>), so routes match it as they match the
    /// origin form.
    /// </summary>
    public string Path
    {
        get
        {
            if (_path is null) SplitUri();
            return _path!;
        }
    }

    /// <summary>The part of <see cref="Uri"/> after <c>?</c> (empty when none).</summary>
    public string Query
    {
        get
        {
            if (_query is null) SplitUri();
            return _query!;
        }
    }

    /// <summary><c>HTTP/1.1</c> or <c>HTTP/1.0</c>.</summary>
    public string Version { get; set; } = "HTTP/1.1";

    /// <summary>The request headers.</summary>
    public HttpHeaders Headers { get; } = new();

    /// <summary>The (decoded) body; empty when the handler streamed it. Valid while the request is handled.</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    /// <summary>The client's address (from <c>X-Real-Ip</c>/<c>X-Forwarded-For</c> when <see cref="HttpServerSettings.XHeaders"/> is on).</summary>
    public string RemoteIp { get; set; } = "";

    /// <summary><c>http</c> or <c>https</c> (from <c>X-Scheme</c>/<c>X-Forwarded-Proto</c> when <see cref="HttpServerSettings.XHeaders"/> is on).</summary>
    public string Protocol { get; set; } = "http";

    /// <summary>
    /// The host the request is for: the authority of an absolute-form target (which RFC 9112 §3.2.2 says replaces the
    /// <c>Host</c> header), else the <c>Host</c> header, else <c>127.0.0.1</c> (HTTP/1.0 without Host, as Tornado).
    /// </summary>
    public string Host
    {
        get
        {
            if (_host is not null) return _host;
            if (_path is null) SplitUri();
            return _targetAuthority ?? (Headers.TryGetFirst("Host", out var h) ? h : "127.0.0.1");
        }
        set => _host = value;
    }

    /// <summary>The socket's remote endpoint.</summary>
    public EndPoint? RemoteEndPoint { get; set; }

    /// <summary>Where the response is written.</summary>
    public IHttpConnection Connection { get; internal set; }

    /// <summary>A slot for the handler's per-request state (the web layer keeps its handler instance here).</summary>
    public object? HandlerState { get; set; }

    /// <summary>When the request's headers were complete (<see cref="IOLoop.Time"/> seconds).</summary>
    public double StartTime { get; set; }

    /// <summary>Query-string arguments, decoded; parsed on first use.</summary>
    public Dictionary<string, List<string>> QueryArguments =>
        _queryArguments ??= FormDataParser.ParseQueryString(Query);

    /// <summary>Arguments from a <c>application/x-www-form-urlencoded</c> or <c>multipart/form-data</c> body; parsed on first use.</summary>
    public Dictionary<string, List<string>> BodyArguments
    {
        get
        {
            if (_bodyArguments is null) ParseBody();
            return _bodyArguments!;
        }
    }

    /// <summary>Files from a <c>multipart/form-data</c> body, by field name; parsed on first use.</summary>
    public Dictionary<string, List<HttpFile>> Files
    {
        get
        {
            if (_files is null) ParseBody();
            return _files!;
        }
    }

    /// <summary><see cref="QueryArguments"/> and <see cref="BodyArguments"/> merged (query values first).</summary>
    public Dictionary<string, List<string>> Arguments
    {
        get
        {
            if (_arguments is not null) return _arguments;
            var merged = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (k, v) in QueryArguments) merged[k] = new List<string>(v);
            foreach (var (k, v) in BodyArguments)
            {
                if (merged.TryGetValue(k, out var list)) list.AddRange(v);
                else merged[k] = new List<string>(v);
            }
            return _arguments = merged;
        }
    }

    /// <summary>Full URL as the client saw it (<c>Protocol://Host/Path?Query</c>).</summary>
    public string FullUrl()
    {
        string host = Host; // splits the target
        if (_targetAuthority is null) return Protocol + "://" + host + Uri;
        int q = _uri.IndexOf('?', StringComparison.Ordinal);
        return Protocol + "://" + host + Path + (q < 0 ? "" : _uri[q..]);
    }

    /// <summary>The loop of the connection that received this request (its <see cref="StartTime"/> is on that loop's clock), or null.</summary>
    internal IOLoop? Loop { get; set; }

    /// <summary>Seconds since the headers were complete.</summary>
    public double RequestTime(IOLoop loop) => loop.Time() - StartTime;

    // Strings of the previous request parsed into this object, reused when the next one repeats them (RequestHeadHandler).
    internal string? LastTarget;
    internal readonly string?[] LastHeaderValues = new string?[32];

    /// <summary>Forgets the previous request's derived state (the server reuses this object per connection).</summary>
    internal void Reset()
    {
        Headers.Clear();
        Body = default;
        _bodyArguments = null;
        _files = null;
        _arguments = null;
        _queryArguments = null;
        _host = null;
        HandlerState = null;
        Protocol = "http";
    }

    private void SplitUri()
    {
        var target = _uri.AsSpan();
        int pathStart = 0;
        if (AbsoluteFormAuthorityEnd(target) is int authorityEnd and >= 0)
        {
            int authorityStart = target.IndexOf("//", StringComparison.Ordinal) + 2;
            var authority = target[authorityStart..authorityEnd];
            int at = authority.LastIndexOf('@'); // userinfo is not part of the host (RFC 9110 §4.2.4 forbids it in http URIs anyway)
            _targetAuthority = authority[(at + 1)..].ToString();
            pathStart = authorityEnd;
        }
        int q = target.IndexOf('?');
        if (q < 0)
        {
            _path = pathStart == 0 ? _uri : PathOrRoot(target[pathStart..]);
            _query = "";
        }
        else
        {
            _path = pathStart == 0 ? _uri[..q] : PathOrRoot(target[pathStart..q]);
            _query = _uri[(q + 1)..];
        }
    }

    private static string PathOrRoot(ReadOnlySpan<char> path) => path.IsEmpty ? "/" : path.ToString();

    /// <summary>
    /// For an absolute-form target (<c>scheme://authority[/path][?query]</c>) the index where its authority ends, else
    /// -1. Only http and https are recognised, as the parser admits only those.
    /// </summary>
    private static int AbsoluteFormAuthorityEnd(ReadOnlySpan<char> target)
    {
        int start;
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) start = 7;
        else if (target.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) start = 8;
        else return -1;
        int end = target[start..].IndexOfAny('/', '?');
        return end < 0 ? target.Length : start + end;
    }

    private void ParseBody()
    {
        _bodyArguments = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        _files = new Dictionary<string, List<HttpFile>>(StringComparer.Ordinal);
        if (Body.IsEmpty || !Headers.TryGetFirst("Content-Type", out var contentType)) return;
        FormDataParser.ParseBody(contentType, Body.Span, _bodyArguments, _files);
    }
}
