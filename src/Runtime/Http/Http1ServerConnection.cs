using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Squall.IO;

namespace Squall.Http;

/// <summary>
/// One HTTP/1.x server connection (Tornado's <c>HTTP1ServerConnection</c> + <c>HTTP1Connection</c>): parses requests
/// straight from the stream's buffer, hands them to the <see cref="IHttpHandler"/>, writes responses into the stream's
/// write queue. Every request already buffered is answered before the queued responses are sent, so pipelined
/// requests get one send (Kestrel's pipelining trick). Loop-thread only; no locks.
/// </summary>
internal sealed partial class Http1ServerConnection
{
    private readonly IOStream _stream;
    private readonly IHttpHandler _handler;
    private readonly HttpServerSettings _settings;
    private readonly HttpServer _server;
    private readonly IOLoop _loop;

    /// <summary>The loop this connection runs on (its stream's).</summary>
    internal IOLoop Loop => _loop;
    private readonly string _remoteIp;
    private readonly EndPoint _remote;
    private bool _bodyUnread; // a response sent now cannot be followed by another request on this connection
    private bool _inFlight; // the handler has the request and has not finished its response
    private bool _handlerPending; // the handler's future of the current request has not completed yet
    private int _headScanned; // bytes of an incomplete head already checked: a trickled head is scanned once, not once per arrival

    public Http1ServerConnection(HttpServer server, IOStream stream, EndPoint remote)
    {
        _server = server;
        _stream = stream;
        _handler = server.Handler;
        _settings = server.Settings;
        _loop = stream.Loop;
        _remoteIp = remote is IPEndPoint ip ? (ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address).ToString() : "";
        _remote = remote;
        _timerCallback = OnTimer;
        stream.SetCloseCallback(OnStreamClosed);
    }

    // The request being read or handled; null while the connection idles between requests, so an idle keep-alive
    // connection holds no request, headers or handler state (they go back to the server's pool after each response).
    private HttpServerRequest? _request;

    // A request whose response is finished but whose handler future is still running: kept out of the pool until the
    // handler is done with it, so the next request on this connection (or another connection) cannot overwrite it.
    private HttpServerRequest? _lingeringRequest;

    internal HttpServerRequest Request
    {
        // Read a dozen times per request: NativeAOT left the `??=` with its rent as a call (issue 16).
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        get => _request ?? RentRequest();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private HttpServerRequest RentRequest() => _request = _server.RentRequest(this, _remote);

    // Per-request framing facts, filled by RequestHeadHandler.
    internal int HostCount;
    // The request line parsed (RequestHeadHandler.OnStartLine): a rejection of this head can name its method and target.
    internal bool StartLineSeen;
    internal long ContentLength = -1;
    internal bool InvalidContentLength;
    internal string? TransferEncoding;
    internal bool RequestWantsClose;
    internal bool RequestWantsKeepAlive;
    internal bool ExpectContinue;
    internal bool GzipBody;

    /// <summary>Serves requests until the connection closes.</summary>
    public async Future RunAsync()
    {
        try
        {
            SetDeadline(DeadlineKind.Idle, _settings.IdleConnectionTimeout);
            while (!_stream.Closed)
            {
                var buffered = _stream.Buffered.Span;
                if (buffered.IsEmpty)
                {
                    _stream.FlushPending(); // responses to everything buffered so far leave in one send
                    WatchPendingWrite();
                    await _stream.WaitForData();
                    continue;
                }
                if (ResponsesBacklogged)
                {
                    // Stop reading requests until the client has taken its responses (or the write timeout cuts it off).
                    var flushed = _stream.Flush();
                    WatchWrite(flushed);
                    await flushed;
                    if (_deadlineKind == DeadlineKind.Write) SetDeadline(DeadlineKind.Idle, _settings.IdleConnectionTimeout);
                    continue;
                }
                ResetRequestState();
                var handler = new RequestHeadHandler(this);
                var result = HttpParser.ParseRequestHead(buffered, ref handler, _settings.MaxHeaderSize, ref _headScanned);
                if (result.Status == HttpParseStatus.Incomplete)
                {
                    ReleaseResponseBody();
                    _stream.FlushPending();
                    if (_deadlineKind != DeadlineKind.Header) SetDeadline(DeadlineKind.Header, _settings.HeaderTimeout);
                    await _stream.WaitForData();
                    continue;
                }
                if (result.Status == HttpParseStatus.Error)
                {
                    await RejectAsync(result.Reason, startLineKnown: StartLineSeen);
                    return;
                }
                _stream.Consume(result.Consumed);
                _headScanned = 0;
                var framingError = CheckFraming();
                if (framingError != RequestRejectionReason.None)
                {
                    await RejectAsync(framingError);
                    return;
                }
                // The common request (no body, synchronous handler) runs without awaiting anything, so it allocates no future.
                if (!StartRequest(out var mode))
                {
                    if (HasBody)
                    {
                        var bodyError = await ReadBodyAsync(mode == HttpBodyMode.Streamed);
                        _bodyUnread = false;
                        if (bodyError != RequestRejectionReason.None)
                        {
                            _inFlight = false;
                            if (!_headersSent) await RejectAsync(bodyError);
                            return;
                        }
                    }
                    var handled = Dispatch();
                    if (!handled.IsDone || !_finished)
                    {
                        WatchHandler(handled);
                        await WaitForFinish();
                    }
                }
                if (_detached)
                {
                    // An upgrade (WebSocket) took the stream: the HTTP parser never reads from it again.
                    _stream.FlushPending();
                    // The request stays with the handler that upgraded (it may read it for the connection's whole
                    // life): it never goes back to the server's pool.
                    _request = null;
                    return;
                }
                if (!EndOfRequest())
                {
                    // Closing with unread input (a pipelined request after "Connection: close", a body the handler did
                    // not read) makes the kernel send RST, which can destroy the finished response before the client
                    // has read it: shut down our side after the response and drain the input first.
                    await FlushQuietlyAsync();
                    if (!_stream.Closed && (_stream.Buffered.Length > 0 || _stream.KernelBytesAvailable > 0)) await LingeringCloseAsync();
                    return;
                }
                SetDeadline(DeadlineKind.Idle, _settings.IdleConnectionTimeout);
            }
        }
        catch (StreamClosedException)
        {
            // The client went away; OnStreamClosed did the cleanup.
        }
        catch (Exception e)
        {
            _loop.Logger.LogError(e, "HTTP connection from {Remote} failed", _remoteIp);
        }
        finally
        {
            CancelTimer();
            if (!_detached) _stream.Close();
            ReleaseBuffers();
            _server.ConnectionClosed(this);
        }
    }

    /// <summary>Prepares the request and calls <see cref="IHttpHandler.HeadersReceived"/>. True: already answered (or failed).</summary>
    private bool StartRequest(out HttpBodyMode mode)
    {
        mode = HttpBodyMode.Buffered;
        ClearDeadline();
        var request = Request;
        request.StartTime = _loop.IterationTimestamp / (double)System.Diagnostics.Stopwatch.Frequency; // IOLoop.Time()'s clock
        request.Loop = _loop;
        request.RemoteIp = _remoteIp;
        if (_settings.XHeaders) ApplyXHeaders(request);
        _keepAlive = ComputeKeepAlive();
        BeginResponse();
        _bodyUnread = HasBody;
        _inFlight = true; // from here on the handler owns the request: a disconnect must reach OnConnectionClose
        try
        {
            mode = _handler.HeadersReceived(request);
        }
        catch (Exception e)
        {
            HandlerFailed(e);
            return true;
        }
        if (_finished || _stream.Closed)
        {
            // Answered before the body was read (Tornado: e.g. 401 from prepare): an unread body cannot be skipped
            // safely, so the connection closes instead of sending 100 Continue.
            if (HasBody) _keepAlive = false;
            return true;
        }
        return false;
    }

    /// <summary>Calls <see cref="IHttpHandler.RequestReceived"/>; a synchronous throw becomes a failed future.</summary>
    private Future Dispatch()
    {
        _inFlight = true;
        _dispatching = true;
        long start = _loop.SlowSectionStart();
        try
        {
            var handled = _handler.RequestReceived(Request);
            _loop.NoteSlowSection(start, Request, static r => r.Method + " " + r.Path);
            if (handled.IsDone && _finished && handled.Exception is { } late)
                _loop.Logger.LogError(late, "Handler failed after finishing {Method} {Uri}", Request.Method, Request.Uri);
            return handled;
        }
        catch (Exception e)
        {
            return Future.FromException(e);
        }
        finally
        {
            _dispatching = false;
        }
    }

    /// <summary>
    /// Observes the handler's future (a failure becomes a 500); the run loop then waits for the response to finish
    /// or the client to go away, inline rather than in a helper coroutine, so an asynchronous handler costs the
    /// connection no allocation.
    /// </summary>
    private void WatchHandler(Future handled)
    {
        if (handled.IsDone) ObserveHandler(handled);
        else
        {
            _handlerPending = true;
            handled.AddDoneCallback(_observeHandler ??= ObserveHandler);
        }
    }

    /// <summary>After a response: true to read the next request, false to close.</summary>
    private bool EndOfRequest()
    {
        _inFlight = false;
        bool keepAlive = !_stream.Closed && _keepAlive && !_server.IsDraining;
        if (keepAlive) ReleaseIdleState();
        return keepAlive;
    }

    /// <summary>
    /// Between requests the connection keeps only its stream and timer: body buffers go back to the shared array pool
    /// and the request (with its headers and handler state) to the server's pool. Renting them again for the next
    /// request allocates nothing, so the keep-alive steady state stays allocation-free.
    /// </summary>
    private void ReleaseIdleState()
    {
        // The response body buffer stays while the next request is already here (pipelining): renting and returning
        // it per request cost two shared-pool calls, each reading the thread id. An idle connection holds none.
        if (_stream.Buffered.IsEmpty) ReleaseResponseBody();
        _responseHeaders = null;
        _reason = null;
        var request = _request;
        _request = null;
        if (_handlerPending)
        {
            // The handler still runs and may read its request (and its body): give neither to anyone else.
            _requestBody = null;
            _lingeringRequest = request;
            return;
        }
        if (_requestBody is not null) ArrayPool<byte>.Shared.Return(_requestBody);
        _requestBody = null;
        if (request is not null) _server.ReturnRequest(request);
    }

    private void ReleaseResponseBody()
    {
        if (_responseBody is null) return;
        ArrayPool<byte>.Shared.Return(_responseBody);
        _responseBody = null;
    }

    private async Future FlushQuietlyAsync()
    {
        if (_stream.Closed) return;
        try
        {
            await _stream.Flush();
        }
        catch (StreamClosedException)
        {
        }
    }

    private void ObserveHandler(Future handled)
    {
        _handlerPending = false;
        var lingering = _lingeringRequest;
        _lingeringRequest = null;
        if (handled.Exception is { } e)
        {
            // A lingering request's response is over (a later one may be in flight now): only log.
            if (lingering is null && _inFlight && !_finished) HandlerFailed(e);
            else
            {
                var request = lingering ?? Request;
                _loop.Logger.LogError(e, "Handler failed after finishing {Method} {Uri}", request.Method, request.Uri);
            }
        }
        if (lingering is not null) _server.ReturnRequest(lingering);
    }

    /// <summary>A handler exception: 500 if nothing was sent yet, else the connection is cut (the response is broken).</summary>
    private void HandlerFailed(Exception e)
    {
        _loop.Logger.LogError(e, "Uncaught exception handling {Method} {Uri}", Request.Method, Request.Uri);
        if (_stream.Closed || _finished) return;
        if (_headersSent)
        {
            _keepAlive = false;
            _stream.Close(e);
            return;
        }
        WriteSimpleResponse(500, "Internal Server Error", closeAfter: false);
    }

    private RequestRejectionReason CheckFraming()
    {
        var request = Request;
        // RFC 9112 §3.2: a 1.1 request lacking Host, or with more than one, gets 400.
        if (request.Version == "HTTP/1.1" && HostCount != 1) return RequestRejectionReason.MissingOrMultipleHost;
        if (HostCount > 1) return RequestRejectionReason.MissingOrMultipleHost;
        if (InvalidContentLength) return RequestRejectionReason.InvalidContentLength;
        if (TransferEncoding is not null)
        {
            // RFC 9112 §6.1: CL with TE is a smuggling attempt; TE in a 1.0 request is faulty framing.
            if (ContentLength >= 0 || request.Version == "HTTP/1.0") return RequestRejectionReason.ContentLengthWithTransferEncoding;
            var codings = TransferEncoding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (codings.Length == 0 || !codings[^1].Equals("chunked", StringComparison.OrdinalIgnoreCase))
                return RequestRejectionReason.TransferEncodingNotFinalChunked;
            if (codings.Length > 1) return RequestRejectionReason.UnsupportedTransferEncoding;
        }
        if (ContentLength > _settings.MaxBodySize) return RequestRejectionReason.BodyTooLarge;
        return RequestRejectionReason.None;
    }

    internal void NoteContentLength(ReadOnlySpan<byte> value)
    {
        // RFC 9110 §8.6: a list of identical values may be accepted as one; anything else is invalid.
        while (!value.IsEmpty)
        {
            int comma = value.IndexOf((byte)',');
            var item = (comma < 0 ? value : value[..comma]).Trim(" \t"u8);
            if (item.IsEmpty || item.Length > 18 || item.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
            {
                InvalidContentLength = true;
                return;
            }
            long n = 0;
            foreach (byte b in item) n = n * 10 + (b - '0');
            if (ContentLength >= 0 && ContentLength != n) InvalidContentLength = true;
            ContentLength = n;
            if (comma < 0) break;
            value = value[(comma + 1)..];
        }
    }

    private bool HasBody => TransferEncoding is not null || ContentLength > 0;

    private bool ComputeKeepAlive()
    {
        if (RequestWantsClose || _server.IsDraining) return false;
        if (Request.Version == "HTTP/1.1") return true;
        return RequestWantsKeepAlive;
    }

    private void ApplyXHeaders(HttpServerRequest request)
    {
        // Tornado's _apply_xheaders: X-Real-Ip, else the last hop of X-Forwarded-For; only well-formed addresses.
        string? ip = request.Headers["X-Real-Ip"];
        if (ip is null && request.Headers["X-Forwarded-For"] is { } forwarded) ip = forwarded.Split(',')[^1].Trim();
        if (ip is not null && IPAddress.TryParse(ip, out _)) request.RemoteIp = ip;
        string? scheme = request.Headers["X-Scheme"];
        if (scheme is null && request.Headers["X-Forwarded-Proto"] is { } proto) scheme = proto.Split(',')[^1].Trim();
        if (scheme is "http" or "https") request.Protocol = scheme;
    }

    private void ResetRequestState()
    {
        Request.Reset();
        if (_stream is SslIOStream) Request.Protocol = "https";
        HostCount = 0;
        StartLineSeen = false;
        ContentLength = -1;
        InvalidContentLength = false;
        TransferEncoding = null;
        RequestWantsClose = false;
        RequestWantsKeepAlive = false;
        ExpectContinue = false;
        GzipBody = false;
        _bodyTooLarge = false;
    }

    internal long SendCalls => _stream.SendCalls;

    /// <summary>Closes the connection now (server shutdown).</summary>
    internal void Abort() => _stream.Close();

    /// <summary>
    /// Graceful shutdown: a connection waiting for its next request, with nothing of one received, closes now; one
    /// with a request in flight (or its head arriving) finishes it and then closes, as <see cref="HttpServer.IsDraining"/>
    /// turns keep-alive off.
    /// </summary>
    internal void CloseIfIdle()
    {
        if (!_inFlight && _stream.Buffered.IsEmpty) _stream.Close();
        else if (_inFlight && !_headersSent) _keepAlive = false; // the response will say Connection: close
    }

    private void OnStreamClosed()
    {
        CancelTimer();
        if (_inFlight && !_finished)
        {
            _inFlight = false;
            try
            {
                _handler.OnConnectionClose(Request);
            }
            catch (Exception e)
            {
                _loop.Logger.LogError(e, "OnConnectionClose failed");
            }
        }
        SignalFinished();
    }

    /// <summary>Answers a bad request with its status and message, then closes (Tornado logs these at INFO).</summary>
    private async Future RejectAsync(RequestRejectionReason reason, bool startLineKnown = true)
    {
        _loop.Logger.LogInformation("Rejected request from {Remote}: {Reason}", _remoteIp, RequestRejection.Message(reason));
        NotifyRejected(RequestRejection.StatusCode(reason), RequestRejection.Message(reason), startLineKnown);
        if (_stream.Closed) return;
        _keepAlive = false;
        BeginResponse(forRequest: false);
        WriteSimpleResponse(RequestRejection.StatusCode(reason), RequestRejection.Message(reason), closeAfter: true);
        await LingeringCloseAsync();
    }

    /// <summary>Tells the handler (the access log) about a request the server refused itself; its failure is only logged.</summary>
    private void NotifyRejected(int status, string reason, bool startLineKnown)
    {
        var request = startLineKnown ? _request : null;
        try
        {
            _handler.RequestRejected(new HttpRejection(status, reason, _remoteIp, request?.Method, request?.Uri));
        }
        catch (Exception e)
        {
            _loop.Logger.LogError(e, "RequestRejected failed");
        }
    }

    /// <summary>
    /// Sends what is queued, shuts down our side, and drains the client's unread bytes for a moment before closing:
    /// closing with unread input makes the kernel send RST, which can destroy the error response before the client reads it.
    /// </summary>
    private async Future LingeringCloseAsync()
    {
        try
        {
            await Gen.WithTimeout(TimeSpan.FromSeconds(2), _stream.Flush());
            _stream.ShutdownSend();
            // The loop's clock, as the Linger deadline's timer uses.
            long deadline = _loop.Now() + System.Diagnostics.Stopwatch.Frequency;
            SetDeadline(DeadlineKind.Linger, TimeSpan.FromSeconds(1));
            long drained = 0;
            while (!_stream.Closed && _loop.Now() < deadline && drained < 1024 * 1024)
            {
                int n = _stream.Buffered.Length;
                drained += n;
                if (n > 0) _stream.Consume(n);
                await _stream.WaitForData();
            }
        }
        catch (Exception e) when (e is StreamClosedException or TimeoutException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            _stream.Close();
        }
    }
}
