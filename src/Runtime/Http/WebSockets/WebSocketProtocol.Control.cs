using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Logging;
using Squall.IO;

namespace Squall.Http;

/// <summary>Control frames, the close handshake, pings, and the end of the connection.</summary>
internal sealed partial class WebSocketProtocol
{
    [ThreadStatic] private static byte[]? t_controlScratch;

    /// <summary>Handles a buffered control frame; false when the read loop must stop.</summary>
    private bool HandleControl(in WebSocketFrameHeader header)
    {
        int length = (int)header.PayloadLength;
        var payload = (t_controlScratch ??= new byte[125]).AsSpan(0, length);
        _stream.Buffered.Span[..length].CopyTo(payload);
        _stream.Consume(length);
        if (header.Masked) WebSocketFrameWriter.ApplyMask(payload, header.MaskKey, 0);
        switch ((WebSocketOpcode)header.Opcode)
        {
            case WebSocketOpcode.Ping:
                // §5.5.2: answer with a pong carrying the same payload (unless we are already closing).
                if (!_closeSent)
                {
                    WriteFrame(WebSocketOpcode.Pong, payload, rsv1: false);
                    if (!_batching) _stream.FlushPending();
                }
                return true;
            case WebSocketOpcode.Pong:
                _lastPong = _loop.Now(); // the loop's clock, which the ping timer runs on
                try
                {
                    _events.OnPong(payload.ToArray());
                }
                catch (Exception e)
                {
                    _loop.Logger.LogError(e, "Uncaught exception in WebSocket OnPong");
                }
                return true;
            default:
                return ReceiveClose(payload);
        }
    }

    /// <summary>The peer's close frame (§5.5.1, §7.1.5): validate, echo it, and end the connection.</summary>
    private bool ReceiveClose(ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 1)
        {
            Fail(WebSocketCloseCodes.ProtocolError, "Close frame with a 1-byte payload");
            return false;
        }
        int code = 0;
        if (payload.Length >= 2)
        {
            code = BinaryPrimitives.ReadUInt16BigEndian(payload);
            if (!WebSocketCloseCodes.IsValidOnWire(code))
            {
                Fail(WebSocketCloseCodes.ProtocolError, "Invalid close code " + code);
                return false;
            }
            if (!Utf8Validator.IsValid(payload[2..]))
            {
                Fail(WebSocketCloseCodes.InvalidPayload, "Invalid UTF-8 in the close reason");
                return false;
            }
            CloseCode = code;
            CloseReason = Encoding.UTF8.GetString(payload[2..]);
        }
        _closeReceived = true;
        if (!_closeSent)
        {
            // Echo the status code the peer sent (§5.5.1); none when it sent none.
            _closeSent = true;
            Span<byte> echo = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(echo, (ushort)code);
            WriteFrame(WebSocketOpcode.Close, code == 0 ? default : echo, rsv1: false);
        }
        if (_isClient)
        {
            // §7.1.1: the server closes TCP first; the client waits for that, but not forever.
            _stream.FlushPending();
            StartCloseTimer();
            return true;
        }
        CloseAfterFlush();
        return false;
    }

    /// <summary>Starts the close handshake (Tornado's <c>close(code, reason)</c>); the connection ends when the peer answers or the close timeout passes.</summary>
    public void Close(int code = WebSocketCloseCodes.Normal, string? reason = null)
    {
        if (_closeSent || _terminated || _stream.Closed) return;
        if (code != WebSocketCloseCodes.NoStatus && !WebSocketCloseCodes.IsValidOnWire(code))
            throw new ArgumentOutOfRangeException(nameof(code), "Not a close code that may be sent (RFC 6455 §7.4).");
        SendClose(code, reason);
        _stream.FlushPending();
        if (_closeReceived && !_isClient) CloseAfterFlush();
        else StartCloseTimer();
    }

    /// <summary>_Fail the WebSocket Connection_ (§7.1.7): a close frame with the reason, then the TCP connection goes.</summary>
    private void Fail(int code, string reason)
    {
        _loop.Logger.LogInformation("Closing WebSocket from {Remote}: {Code} {Reason}", _stream.RemoteEndPoint, code, reason);
        if (!_closeSent && !_stream.Closed) SendClose(code, reason);
        CloseAfterFlush();
    }

    private void SendClose(int code, string? reason)
    {
        _closeSent = true;
        Span<byte> payload = stackalloc byte[125];
        int length = 0;
        if (code != WebSocketCloseCodes.NoStatus)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
            length = 2;
            if (reason is not null)
            {
                // A control frame holds 125 bytes: a longer reason is cut on a character boundary.
                var encoder = Encoding.UTF8.GetEncoder();
                encoder.Convert(reason, payload[2..], flush: true, out _, out int bytes, out _);
                length += bytes;
            }
        }
        WriteFrame(WebSocketOpcode.Close, payload[..length], rsv1: false);
    }

    private void CloseAfterFlush()
    {
        if (_stream.Closed) return;
        var flushed = _stream.Flush();
        if (flushed.IsDone) _stream.Close();
        else
        {
            flushed.AddDoneCallback(_ => _stream.Close());
            StartCloseTimer();
        }
    }

    private void StartCloseTimer()
    {
        if (_closeTimer is not null || _stream.Closed) return;
        _closeTimer = _loop.CallLater(_settings.CloseTimeout, () =>
        {
            _closeTimer = null;
            _stream.Close();
        });
    }

    private void StartPinging()
    {
        _lastPong = _loop.Now();
        if (_settings.PingInterval is not { } interval || interval <= TimeSpan.Zero) return;
        _pingTimer = _loop.CallLater(interval, OnPingTimer);
    }

    private void OnPingTimer()
    {
        _pingTimer = null;
        if (IsClosing) return;
        var interval = _settings.PingInterval!.Value;
        // Tornado: a peer that has not answered within the timeout (default: three intervals, at least 30 s) is gone.
        var timeout = _settings.PingTimeout ?? TimeSpan.FromTicks(Math.Max(interval.Ticks * 3, TimeSpan.FromSeconds(30).Ticks));
        double silentSeconds = (_loop.Now() - _lastPong) / (double)System.Diagnostics.Stopwatch.Frequency;
        if (silentSeconds > timeout.TotalSeconds + interval.TotalSeconds)
        {
            _loop.Logger.LogInformation("WebSocket from {Remote}: no pong for {Seconds:F1} s, closing", _stream.RemoteEndPoint, silentSeconds);
            _stream.Close();
            return;
        }
        WriteFrame(WebSocketOpcode.Ping, default, rsv1: false);
        _stream.FlushPending();
        _pingTimer = _loop.CallLater(interval, OnPingTimer);
    }

    /// <summary>Ends the connection once: timers stop, the stream closes, buffers and zlib state are freed, the owner hears.</summary>
    private void Terminate()
    {
        if (_terminated) return;
        _terminated = true;
        EndBatch();
        if (_closeTimer is { } close) _loop.RemoveTimeout(close);
        if (_pingTimer is { } ping) _loop.RemoveTimeout(ping);
        _closeTimer = _pingTimer = null;
        if (!_stream.Closed)
        {
            // Give a queued close frame its chance to leave before the socket goes.
            var flushed = _stream.Flush();
            if (flushed.IsDone) _stream.Close();
            else
            {
                flushed.AddDoneCallback(_ => _stream.Close());
                _loop.CallLater(_settings.CloseTimeout, () => _stream.Close()); // a peer that never reads
            }
        }
        ReleaseMessageBuffer();
        _ownDeflater?.Dispose();
        _ownInflater?.Dispose();
        _ownDeflater = null;
        _ownInflater = null;
        try
        {
            _events.OnClosed();
        }
        catch (Exception e)
        {
            _loop.Logger.LogError(e, "Uncaught exception in WebSocket OnClose");
        }
        Terminated?.Invoke();
    }
}
