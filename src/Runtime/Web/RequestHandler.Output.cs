using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Squall.Http;

namespace Squall.Web;

public abstract partial class RequestHandler
{
    private const string DefaultContentType = "text/html; charset=UTF-8";
    private const string JsonContentType = "application/json; charset=UTF-8";

    // Rented from ResponseScratchPool when the handler is attached and given back when its request completes; a late
    // access after that (user code that outlived its request) gets a private instance instead of a pooled one.
    private HttpHeaders? _headersStore;
    private ResponseBuffer? _bodyStore;

    private HttpHeaders PendingHeaders
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _headersStore ?? NewHeadersStore();
    }

    private ResponseBuffer OutputBuffer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _bodyStore ?? NewBodyStore();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private HttpHeaders NewHeadersStore() => _headersStore = new HttpHeaders();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ResponseBuffer NewBodyStore() => _bodyStore = new ResponseBuffer();

    private Utf8JsonWriter? _jsonWriter;
    private int _status;
    private string? _reason;
    private bool _headersWritten;
    private bool _finished;

    /// <summary>True once <see cref="Finish"/> has run.</summary>
    public bool Finished => _finished;

    /// <summary>
    /// The response headers that will be sent (mutable until the first <see cref="Flush"/>). The collection belongs
    /// to this request: do not keep it past the end of the request (it is reused by a later one).
    /// </summary>
    public HttpHeaders ResponseHeaders => PendingHeaders;

    /// <summary>The response status (200 unless set).</summary>
    public int GetStatus() => _status;

    /// <summary>Sets the response status, and optionally a reason phrase other than the standard one.</summary>
    public void SetStatus(int status, string? reason = null)
    {
        if (status < 100 || status > 999) throw new ArgumentOutOfRangeException(nameof(status), "An HTTP status has three digits.");
        _status = status;
        _reason = reason;
    }

    /// <summary>Sets a response header, replacing any value it had. Values with CR or LF are refused (header injection).</summary>
    public void SetHeader(string name, string value)
    {
        CheckHeader(name, value);
        PendingHeaders[name] = value;
    }

    /// <summary>Adds a value to a response header that may repeat (<c>Set-Cookie</c>, <c>Vary</c>).</summary>
    public void AddHeader(string name, string value)
    {
        CheckHeader(name, value);
        PendingHeaders.Add(name, value);
    }

    /// <summary>Removes a response header.</summary>
    public void ClearHeader(string name) => PendingHeaders.Remove(name);

    /// <summary>Appends UTF-8 text to the response body.</summary>
    public void Write(string text)
    {
        CheckNotFinished();
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        int n = Encoding.UTF8.GetBytes(text, OutputBuffer.GetSpan(max));
        OutputBuffer.Advance(n);
    }

    /// <summary>Appends bytes to the response body.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        CheckNotFinished();
        OutputBuffer.Append(data);
    }

    /// <summary>
    /// Appends <paramref name="value"/> as JSON (System.Text.Json source generation, no reflection) and sets
    /// <c>Content-Type: application/json; charset=UTF-8</c>, as Tornado does for a dict.
    /// </summary>
    public void Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        CheckNotFinished();
        if (_jsonWriter is null) _jsonWriter = new Utf8JsonWriter(OutputBuffer);
        else _jsonWriter.Reset(OutputBuffer);
        JsonSerializer.Serialize(_jsonWriter, value, typeInfo);
        _jsonWriter.Flush();
        PendingHeaders["Content-Type"] = JsonContentType;
    }

    /// <summary>
    /// Sends the headers (first time) and what was written so far; the response continues chunked on HTTP/1.1.
    /// Done when the bytes reached the kernel.
    /// </summary>
    public Future Flush()
    {
        CheckNotFinished();
        var connection = Request.Connection;
        if (!_headersWritten)
        {
            _headersWritten = true;
            Application.PrepareHeaders(this, final: false);
            connection.WriteHeaders(_status, _reason, PendingHeaders);
        }
        if (OutputBuffer.Length > 0) connection.Write(OutputBuffer.WrittenSpan);
        OutputBuffer.Clear();
        return connection.Flush();
    }

    /// <summary>
    /// Sends the headers (first time), what was written so far, then <paramref name="count"/> bytes of
    /// <paramref name="file"/> from <paramref name="offset"/> with <c>sendfile(2)</c>: the kernel copies them from the
    /// page cache to the socket. Null when this connection cannot (TLS, a compressed or chunked response, a connection
    /// that is not plain HTTP/1.1 over a socket): the caller writes the bytes itself. The response must declare its
    /// <c>Content-Length</c>. Done when the bytes reached the kernel; keep the handle open until then.
    /// </summary>
    internal Future? TrySendFile(Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, long count)
    {
        CheckNotFinished();
        if (Request.Connection is not Http1ServerConnection connection || !connection.CanSendFile) return null;
        if (!_headersWritten)
        {
            Application.PrepareHeaders(this, final: false);
            if (Gzip) return null; // the body would have to pass through the compressor
            _headersWritten = true;
            connection.WriteHeaders(_status, _reason, PendingHeaders);
        }
        else if (Gzip) return null;
        if (OutputBuffer.Length > 0) connection.Write(OutputBuffer.WrittenSpan);
        OutputBuffer.Clear();
        return connection.SendFile(file, offset, count);
    }

    /// <summary>
    /// Ends the response (Tornado's <c>finish</c>): for a successful GET/HEAD not yet flushed, sets an ETag and answers
    /// 304 when it matches <c>If-None-Match</c>; then sends everything, calls <see cref="OnFinish"/> and logs the request.
    /// </summary>
    public void Finish()
    {
        CheckNotFinished();
        var connection = Request.Connection;
        if (!_headersWritten)
        {
            string method = Request.Method;
            if (_status == 200 && (method == "GET" || method == "HEAD") && !PendingHeaders.ContainsKey("Etag"))
            {
                string? etag = ComputeEtag();
                if (etag is not null)
                {
                    PendingHeaders.Add("Etag", etag); // absent: checked above
                    if (CheckEtagHeader())
                    {
                        OutputBuffer.Clear();
                        _status = 304;
                        _reason = null;
                    }
                }
            }
            if (_status is 204 or 304 || (_status >= 100 && _status < 200))
            {
                // RFC 9110 §15.4.5: a 304 carries no body and no content headers.
                OutputBuffer.Clear();
                PendingHeaders.Remove("Content-Type");
            }
            _headersWritten = true;
            Application.PrepareHeaders(this, final: true);
            connection.WriteHeaders(_status, _reason, PendingHeaders);
        }
        if (OutputBuffer.Length > 0) connection.Write(Application.TransformBody(this, OutputBuffer.WrittenSpan));
        OutputBuffer.Trim();
        _finished = true;
        connection.Finish();
        try
        {
            OnFinish();
        }
        finally
        {
            Application.LogRequest(this);
        }
    }

    /// <summary>Discards the unsent body and headers and restores the defaults (Tornado's <c>clear</c>).</summary>
    public void Clear()
    {
        PendingHeaders.Clear();
        PendingHeaders["Content-Type"] = DefaultContentType;
        OutputBuffer.Clear();
        _status = 200;
        _reason = null;
    }

    /// <summary>The versioned URL of a static file (see <see cref="Application.StaticUrl"/>).</summary>
    public string StaticUrl(string path) => Application.StaticUrl(path);

    /// <summary>Redirects to <paramref name="url"/>: 301 when permanent, else 302 (or <paramref name="status"/>).</summary>
    public void Redirect(string url, bool permanent = false, int? status = null)
    {
        if (_headersWritten) throw new InvalidOperationException("Cannot redirect after headers have been written.");
        int code = status ?? (permanent ? 301 : 302);
        if (code < 300 || code > 399) throw new ArgumentOutOfRangeException(nameof(status), "A redirect status is 3xx.");
        SetStatus(code);
        SetHeader("Location", url);
        Finish();
    }

    internal bool HeadersWritten => _headersWritten;

    internal string? Reason => _reason;

    internal ReadOnlySpan<byte> PendingBody => OutputBuffer.WrittenSpan;

    internal bool Gzip;

    /// <summary>The handler will not be reused: its headers and body buffer serve the next handler on this thread.</summary>
    private void ReleaseBuffers()
    {
        if (_headersStore is { } headers)
        {
            _headersStore = null;
            ResponseScratchPool.Return(headers);
        }
        if (_bodyStore is { } body)
        {
            _bodyStore = null;
            ResponseScratchPool.Return(body);
        }
    }

    private void ResetOutput()
    {
        _headersStore ??= ResponseScratchPool.RentHeaders();
        _bodyStore ??= ResponseScratchPool.RentBody();
        _headersWritten = false;
        _finished = false;
        _prepareStarted = false;
        _pendingPrepare = null;
        _requestCookies = null;
        _xsrfToken = null;
        Gzip = false;
        StoredRoute = null;
        Clear();
    }

    private void CheckNotFinished()
    {
        if (_finished) throw new InvalidOperationException("The response is already finished.");
    }

    private static void CheckHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        // Tornado's _convert_header_value: a CR or LF would let the value start a new header (response splitting).
        if (name.AsSpan().IndexOfAny('\r', '\n') >= 0 || name.Contains(':'))
            throw new ArgumentException("Invalid header name " + name, nameof(name));
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            throw new ArgumentException("Unsafe header value for " + name + ": it contains CR or LF.", nameof(value));
    }
}
