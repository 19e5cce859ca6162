using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Squall.Http;

internal sealed partial class Http1ServerConnection
{
    private enum DeadlineKind { None, Idle, Header, Body, Linger, Write }

    // One timer per connection, re-armed lazily: moving a deadline later (every keep-alive request) only stores a
    // number; the timer fires, sees the deadline moved, and re-arms for the rest. So a steady keep-alive client
    // costs no timer allocation per request.
    private readonly Action _timerCallback;
    private DeadlineKind _deadlineKind;
    private long _deadline;
    private TimeoutHandle? _timer;
    private long _timerAt;
    private long _writeProgress; // bytes sent when the write deadline was last armed

    private void SetDeadline(DeadlineKind kind, TimeSpan after)
    {
        _deadlineKind = kind;
        // The iteration's clock: deadlines are seconds long, and this runs for every request.
        _deadline = _loop.IterationTimestamp + (long)(after.TotalSeconds * Stopwatch.Frequency);
        if (_timer is null || _timerAt > _deadline)
        {
            if (_timer is not null) _loop.RemoveTimeout(_timer);
            _timerAt = _deadline;
            _timer = _loop.CallAt(_deadline, _timerCallback);
        }
        _server.DeadlineArmed?.Invoke();
    }

    /// <summary>The deadline this connection is under (kind and loop-clock ticks), or null: for tests on a manual clock.</summary>
    internal (string Kind, long At)? ArmedDeadline => _deadlineKind switch
    {
        DeadlineKind.Idle => ("Idle", _deadline),
        DeadlineKind.Header => ("Header", _deadline),
        DeadlineKind.Body => ("Body", _deadline),
        DeadlineKind.Linger => ("Linger", _deadline),
        DeadlineKind.Write => ("Write", _deadline),
        _ => null,
    };

    private void ClearDeadline() => _deadlineKind = DeadlineKind.None;

    /// <summary>
    /// A flush (or file transfer) the kernel has not taken yet: arm <see cref="HttpServerSettings.WriteTimeout"/>, so
    /// a client that stops reading is cut off instead of holding the connection and its handler for ever (nginx's
    /// <c>send_timeout</c>: the time between two successful sends, not for the whole response). Not while a head or
    /// body is being read (those keep their own deadline).
    /// </summary>
    private void WatchWrite(Future flushed)
    {
        if (flushed.IsDone || _settings.WriteTimeout is not { } timeout) return;
        if (_deadlineKind is not (DeadlineKind.None or DeadlineKind.Write or DeadlineKind.Idle)) return;
        _writeProgress = _stream.BytesSent;
        SetDeadline(DeadlineKind.Write, timeout);
    }

    /// <summary>Drops the timer for good (connection closed), so it does not keep this connection alive.</summary>
    private void CancelTimer()
    {
        _deadlineKind = DeadlineKind.None;
        if (_timer is not null) _loop.RemoveTimeout(_timer);
        _timer = null;
    }

    private void OnTimer()
    {
        _timer = null;
        if (_deadlineKind == DeadlineKind.None || _stream.Closed) return;
        if (_loop.Now() < _deadline) // the loop's clock, as the deadline and the timer use
        {
            _timerAt = _deadline;
            _timer = _loop.CallAt(_deadline, _timerCallback);
            return;
        }
        var kind = _deadlineKind;
        _deadlineKind = DeadlineKind.None;
        switch (kind)
        {
            case DeadlineKind.Header when _stream.Buffered.Length > 0 && !_headersSent:
                // Slow-loris: a head trickling in for longer than HeaderTimeout. Answer 408 and cut it off.
                _loop.Logger.LogInformation("Header timeout for {Remote}; closing", _remoteIp);
                NotifyRejected(408, RequestRejection.Message(RequestRejectionReason.HeaderTimeout), startLineKnown: false);
                _keepAlive = false;
                BeginResponse(forRequest: false);
                WriteSimpleResponse(408, RequestRejection.Message(RequestRejectionReason.HeaderTimeout), closeAfter: true);
                _stream.FlushPending();
                _stream.Close(new TimeoutException("Header timeout"));
                break;
            case DeadlineKind.Write:
                if (!_stream.Writing) break; // everything left; the next flush arms it again
                if (_stream.BytesSent != _writeProgress)
                {
                    // The client is reading, slowly: another full period from now.
                    _writeProgress = _stream.BytesSent;
                    SetDeadline(DeadlineKind.Write, _settings.WriteTimeout!.Value);
                    break;
                }
                _loop.Logger.LogInformation("Write timeout for {Remote}: the client took no bytes for {Timeout}; closing", _remoteIp, _settings.WriteTimeout);
                _stream.Close(new TimeoutException("Write timeout"));
                _server.WriteTimedOut?.Invoke();
                break;
            case DeadlineKind.Body:
                _loop.Logger.LogInformation("Body timeout for {Remote}; closing", _remoteIp);
                _stream.Close(new TimeoutException("Body timeout"));
                break;
            case DeadlineKind.Idle:
                // Debug: closing an idle keep-alive connection is routine (one line per client at Information would flood).
                _loop.Logger.LogDebug("Idle timeout for {Remote}: no request for {Timeout}; closing", _remoteIp, _settings.IdleConnectionTimeout);
                _stream.Close();
                break;
            default:
                _stream.Close();
                break;
        }
    }
}
