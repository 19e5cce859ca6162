using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Microsoft.Extensions.Logging;
using Squall.IO;

namespace Squall.Http;

/// <summary>The response side: <see cref="IHttpConnection"/>, writing the head straight into the stream's write queue.</summary>
internal sealed partial class Http1ServerConnection : IHttpConnection
{
    private int _status;
    private string? _reason;
    private HttpHeaders? _responseHeaders;
    private bool _headersWritten;
    private bool _headersSent;
    private bool _finished;
    private bool _chunked;
    private bool _noBody;
    private bool _isHead;
    private bool _keepAlive;
    private bool _dispatching; // inside the synchronous handler call: the run loop flushes afterwards
    private long _declaredLength;
    private long _bodyBytesSent;
    private byte[]? _responseBody;
    private int _responseBodyLength;
    private Action<Future>? _observeHandler;

    public bool HeadersWritten => _headersWritten;

    public bool Finished => _finished;

    public bool Closed => _stream.Closed;

    private void BeginResponse(bool forRequest = true)
    {
        _status = 200;
        _reason = null;
        _responseHeaders = null;
        _headersWritten = _headersSent = _finished = _chunked = _noBody = false;
        _isHead = forRequest && ReferenceEquals(Request.Method, "HEAD");
        _declaredLength = -1;
        _bodyBytesSent = 0;
        _responseBodyLength = 0;
    }

    public void WriteHeaders(int status, string? reason = null, HttpHeaders? headers = null)
    {
        if (_headersSent || _finished) throw new InvalidOperationException("The response headers were already sent.");
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 999);
        if (reason is not null && reason.AsSpan().IndexOfAny('\r', '\n') >= 0) throw new ArgumentException("CR or LF in the reason phrase.", nameof(reason));
        if (headers is not null)
        {
            // Response splitting defense: a CR or LF in a value would start a new header or a new response. (A plain
            // loop per character measured slower than the vectorized search here, in both builds: issue 16.)
            foreach (var (name, value) in headers)
            {
                if (name.AsSpan().IndexOfAny("\r\n: ") >= 0 || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
                    throw new ArgumentException($"Invalid header {name}: CR, LF, or a bad name.", nameof(headers));
            }
        }
        _status = status;
        _reason = reason;
        _responseHeaders = headers;
        _headersWritten = true;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        if (_finished) throw new InvalidOperationException("Write after Finish.");
        if (_stream.Closed) return; // the client went away: writes fail quietly
        if (_isHead || IsBodyless(_status))
        {
            _bodyBytesSent += data.Length; // counted for HEAD's Content-Length, never sent
            return;
        }
        int needed = _responseBodyLength + data.Length;
        if (_responseBody is null || needed > _responseBody.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 2 * (_responseBody?.Length ?? 2048)));
            if (_responseBody is not null)
            {
                _responseBody.AsSpan(0, _responseBodyLength).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_responseBody);
            }
            _responseBody = bigger;
        }
        data.CopyTo(_responseBody.AsSpan(_responseBodyLength));
        _responseBodyLength = needed;
    }

    public Future Flush()
    {
        if (_stream.Closed) return Future.FromException(new StreamClosedException(_stream.Error));
        if (_finished) return _stream.Flush();
        if (!_headersWritten) WriteHeaders(200);
        if (!_headersSent) SendHead(finishing: false);
        SendPendingBody();
        var flushed = _stream.Flush();
        WatchWrite(flushed);
        return flushed;
    }

    public void Finish()
    {
        if (_finished) throw new InvalidOperationException("Finish called twice.");
        if (_stream.Closed)
        {
            _finished = true;
            SignalFinished();
            return;
        }
        if (!_headersWritten) WriteHeaders(200);
        if (!_headersSent) SendHead(finishing: true);
        SendPendingBody();
        if (_chunked) WriteBytes("0\r\n\r\n"u8);
        _finished = true;
        if (_declaredLength >= 0 && !_noBody && _bodyBytesSent != _declaredLength)
        {
            // Tornado's HTTPOutputError: the framing is now a lie, so the connection cannot be reused.
            _loop.Logger.LogError("Response for {Uri} declared Content-Length {Declared} but wrote {Written} bytes", Request.Uri, _declaredLength, _bodyBytesSent);
            _keepAlive = false;
            _stream.FlushPending();
            _stream.Close();
        }
        if (!_dispatching) _stream.FlushPending();
        SignalFinished();
    }

    private static bool IsBodyless(int status) => status < 200 || status == 204 || status == 304;

    private void SendHead(bool finishing)
    {
        _noBody = _isHead || IsBodyless(_status);
        if (_bodyUnread) _keepAlive = false;
        var headers = _responseHeaders;
        bool hasDate = false, hasServer = false, hasLength = false, hasEncoding = false;
        if (headers is not null)
        {
            for (int i = 0; i < headers.Count; i++)
            {
                var (name, value) = headers.EntryAt(i);
                if (name.Equals("Date", StringComparison.OrdinalIgnoreCase)) hasDate = true;
                else if (name.Equals("Server", StringComparison.OrdinalIgnoreCase)) hasServer = true;
                else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    hasLength = true;
                    _declaredLength = long.TryParse(value, out var n) ? n : -1;
                }
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) hasEncoding = true;
                else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                         && value.Contains("close", StringComparison.OrdinalIgnoreCase)) _keepAlive = false;
            }
        }

        bool writeLength = false;
        if (!hasLength && !hasEncoding && _status >= 200 && _status != 204 && _status != 304)
        {
            if (finishing) writeLength = true;
            else if (Request.Version == "HTTP/1.1" && !_isHead) _chunked = true;
            else _keepAlive = false; // HTTP/1.0 (or unknown length): stream, then close to mark the end
        }

        // The whole head goes into one span of the write queue, sized for the worst case up front: one GetSpan and one
        // Advance per response instead of two per piece (the pieces were the largest cost of a pipelined /plaintext).
        string reason = _reason ?? HttpStatus.Reason(_status);
        var serverLine = !hasServer ? _server.ServerHeaderLine : null;
        var date = hasDate ? default : HttpDate.At(_loop.HasOwnClock ? IOLoop.Timestamp() : _loop.IterationTimestamp);
        int max = 16 + 11 + reason.Length + 2 + 40 + 28 + 8 + date.Length + (serverLine?.Length ?? 0) + 26 + 2;
        if (headers is not null)
        {
            for (int i = 0; i < headers.Count; i++)
            {
                var (name, value) = headers.EntryAt(i);
                max += name.Length + value.Length + 4;
            }
        }
        // Straight into the tail segment when the head fits there; otherwise through a scratch buffer that WriteBytes
        // spreads over the tail and the next segment (so a nearly full tail is not abandoned for a new one).
        var tail = _stream.GetSpan(1);
        if (tail.Length >= max)
        {
            var head = new HeadWriter(tail);
            WriteHead(ref head, headers, reason, writeLength, date, serverLine);
            _stream.Advance(head.Written);
        }
        else
        {
            byte[]? rented = max > 1024 ? ArrayPool<byte>.Shared.Rent(max) : null;
            Span<byte> scratch = rented is null ? stackalloc byte[1024] : rented;
            var head = new HeadWriter(scratch);
            WriteHead(ref head, headers, reason, writeLength, date, serverLine);
            WriteBytes(scratch[..head.Written]);
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
        _headersSent = true;
    }

    private void SendPendingBody()
    {
        if (_responseBodyLength == 0) return;
        var body = _responseBody.AsSpan(0, _responseBodyLength);
        _responseBodyLength = 0;
        if (_noBody) return;
        _bodyBytesSent += body.Length;
        if (_chunked)
        {
            var span = _stream.GetSpan(20);
            Utf8Formatter.TryFormat(body.Length, span, out int n, new StandardFormat('X'));
            span[n++] = (byte)'\r';
            span[n++] = (byte)'\n';
            _stream.Advance(n);
            WriteBytes(body);
            WriteBytes("\r\n"u8);
        }
        else
        {
            WriteBytes(body);
        }
    }

    /// <summary>A small text/plain response (errors, rejections), finished at once.</summary>
    private void WriteSimpleResponse(int status, string message, bool closeAfter)
    {
        if (closeAfter) _keepAlive = false;
        _responseBodyLength = 0;
        var headers = new HttpHeaders { { "Content-Type", "text/plain; charset=utf-8" } };
        WriteHeaders(status, null, headers);
        Write(Encoding.UTF8.GetBytes(message));
        Finish();
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        var span = _stream.GetSpan(bytes.Length);
        if (span.Length >= bytes.Length)
        {
            bytes.CopyTo(span);
            _stream.Advance(bytes.Length);
            return;
        }
        while (!bytes.IsEmpty)
        {
            span = _stream.GetSpan(1);
            int n = Math.Min(span.Length, bytes.Length);
            bytes[..n].CopyTo(span);
            _stream.Advance(n);
            bytes = bytes[n..];
        }
    }

    private void WriteHead(ref HeadWriter head, HttpHeaders? headers, string reason, bool writeLength, ReadOnlySpan<byte> date, byte[]? serverLine)
    {
        head.Bytes("HTTP/1.1 "u8);
        head.Number(_status);
        head.Bytes(" "u8);
        head.Latin1(reason);
        head.Bytes("\r\n"u8);
        if (headers is not null)
        {
            for (int i = 0; i < headers.Count; i++)
            {
                var (name, value) = headers.EntryAt(i);
                head.Latin1(name);
                head.Bytes(": "u8);
                head.Latin1(value);
                head.Bytes("\r\n"u8);
            }
        }
        if (writeLength)
        {
            long length = _isHead ? _bodyBytesSent : _responseBodyLength;
            head.Bytes("Content-Length: "u8);
            head.Number(length);
            head.Bytes("\r\n"u8);
        }
        if (_chunked) head.Bytes("Transfer-Encoding: chunked\r\n"u8);
        if (!date.IsEmpty)
        {
            head.Bytes("Date: "u8);
            head.Bytes(date);
            head.Bytes("\r\n"u8);
        }
        if (serverLine is not null) head.Bytes(serverLine);
        // RFC 9112 §9.6: the response to a request that asked for close says close too (as Tornado does); clients
        // such as wrk otherwise wait for the end of the stream and count it as an error.
        if (!_keepAlive) head.Bytes("Connection: close\r\n"u8);
        else if (_keepAlive && Request.Version == "HTTP/1.0") head.Bytes("Connection: keep-alive\r\n"u8);
        head.Bytes("\r\n"u8);
    }

    /// <summary>Writes a response head into one span sized beforehand (Latin-1: one byte per character).</summary>
    private ref struct HeadWriter
    {
        private readonly Span<byte> _span;

        public HeadWriter(Span<byte> span) => _span = span;

        public int Written { get; private set; }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_span[Written..]);
            Written += bytes.Length;
        }

        public void Latin1(string text)
        {
            // Header names and values are short: a plain loop beats Encoding.Latin1's virtual call into the vectorized
            // narrowing, which NativeAOT cannot devirtualize or inline (2-3 % of a pipelined /plaintext in AOT).
            if (text.Length <= 32)
            {
                var span = _span.Slice(Written, text.Length);
                int i = 0;
                for (; i < text.Length; i++)
                {
                    char c = text[i];
                    if (c > '\u00FF') break; // Encoding.Latin1's replacement rules (one '?' per surrogate pair) below
                    span[i] = (byte)c;
                }
                if (i == text.Length)
                {
                    Written += text.Length;
                    return;
                }
            }
            Written += Encoding.Latin1.GetBytes(text, _span[Written..]);
        }

        public void Number(long value)
        {
            Utf8Formatter.TryFormat(value, _span[Written..], out int n);
            Written += n;
        }
    }
}
