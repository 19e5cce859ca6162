using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Squall.Http;

namespace Squall.Web;

public abstract partial class RequestHandler
{
    private const string DefaultContentType = "text/html; charset=UTF-8";
    private const string JsonContentType = "application/json; charset=UTF-8";

    private readonly HttpHeaders _headers = new();
    private readonly ResponseBuffer _body = new();
    private Utf8JsonWriter? _jsonWriter;
    private int _status;
    private string? _reason;
    private bool _headersWritten;
    private bool _finished;

    /// <summary>True once <see cref="Finish"/> has run.</summary>
    public bool Finished => _finished;

    /// <summary>The response headers that will be sent (mutable until the first <see cref="Flush"/>).</summary>
    public HttpHeaders ResponseHeaders => _headers;

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
        _headers[name] = value;
    }

    /// <summary>Adds a value to a response header that may repeat (<c>Set-Cookie</c>, <c>Vary</c>).</summary>
    public void AddHeader(string name, string value)
    {
        CheckHeader(name, value);
        _headers.Add(name, value);
    }

    /// <summary>Removes a response header.</summary>
    public void ClearHeader(string name) => _headers.Remove(name);

    /// <summary>Appends UTF-8 text to the response body.</summary>
    public void Write(string text)
    {
        CheckNotFinished();
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        int n = Encoding.UTF8.GetBytes(text, _body.GetSpan(max));
        _body.Advance(n);
    }

    /// <summary>Appends bytes to the response body.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        CheckNotFinished();
        _body.Append(data);
    }

    /// <summary>
    /// Appends <paramref name="value"/> as JSON (System.Text.Json source generation, no reflection) and sets
    /// <c>Content-Type: application/json; charset=UTF-8</c>, as Tornado does for a dict.
    /// </summary>
    public void Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        CheckNotFinished();
        if (_jsonWriter is null) _jsonWriter = new Utf8JsonWriter(_body);
        else _jsonWriter.Reset(_body);
        JsonSerializer.Serialize(_jsonWriter, value, typeInfo);
        _jsonWriter.Flush();
        _headers["Content-Type"] = JsonContentType;
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
            connection.WriteHeaders(_status, _reason, _headers);
        }
        if (_body.Length > 0) connection.Write(_body.WrittenSpan);
        _body.Clear();
        return connection.Flush();
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
            if (_status == 200 && (method == "GET" || method == "HEAD") && !_headers.ContainsKey("Etag"))
            {
                string? etag = ComputeEtag();
                if (etag is not null)
                {
                    _headers["Etag"] = etag;
                    if (CheckEtagHeader())
                    {
                        _body.Clear();
                        _status = 304;
                        _reason = null;
                    }
                }
            }
            if (_status is 204 or 304 || (_status >= 100 && _status < 200))
            {
                // RFC 9110 §15.4.5: a 304 carries no body and no content headers.
                _body.Clear();
                _headers.Remove("Content-Type");
            }
            _headersWritten = true;
            Application.PrepareHeaders(this, final: true);
            connection.WriteHeaders(_status, _reason, _headers);
        }
        if (_body.Length > 0) connection.Write(Application.TransformBody(this, _body.WrittenSpan));
        _body.Trim();
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
        _headers.Clear();
        _headers["Content-Type"] = DefaultContentType;
        _body.Clear();
        _status = 200;
        _reason = null;
    }

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

    internal ReadOnlySpan<byte> PendingBody => _body.WrittenSpan;

    internal bool Gzip;

    private void ResetOutput()
    {
        _headersWritten = false;
        _finished = false;
        _prepareStarted = false;
        _pendingPrepare = null;
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
