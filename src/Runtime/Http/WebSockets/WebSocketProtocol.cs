using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Squall.IO;

namespace Squall.Http;

/// <summary>
/// One WebSocket connection after the handshake (RFC 6455 §5–7; Tornado's <c>WebSocketProtocol13</c>), for either
/// side: the server never masks and requires masked frames, the client the reverse. Reads frames straight from the
/// stream's buffer, unmasking each payload into the message it belongs to, so a frame costs no allocation beyond the
/// message delivered. Loop-thread only.
/// </summary>
internal sealed partial class WebSocketProtocol
{
    private readonly IOStream _stream;
    private readonly IOLoop _loop;
    private readonly IWebSocketEvents _events;
    private readonly bool _isClient;
    private readonly WebSocketSettings _settings;
    private readonly PerMessageDeflate? _deflate;
    private MessageDeflater? _ownDeflater;
    private MessageInflater? _ownInflater;

    // The message being received: opcode 0 when none is open.
    private WebSocketOpcode _messageOpcode;
    private bool _messageCompressed;
    private byte[]? _messageBuffer;
    private bool _messageBufferPooled;
    private int _messageLength;
    private Utf8Validator _utf8;

    // While frames from one read are being handled, writes only queue their frames: the batch's end sends them all
    // in one send, and every write of the batch completes with it (one future per batch, not per message).
    private bool _batching;
    private Future? _batchFlush;

    private bool _closeSent;
    private bool _closeReceived;
    private bool _terminated;
    private TimeoutHandle? _closeTimer;
    private TimeoutHandle? _pingTimer;
    private long _lastPong;

    public WebSocketProtocol(IOStream stream, IWebSocketEvents events, bool isClient, WebSocketSettings settings, PerMessageDeflate? deflate)
    {
        _stream = stream;
        _loop = stream.Loop;
        _events = events;
        _isClient = isClient;
        _settings = settings;
        _deflate = deflate;
        if (deflate is { LocalContextTakeover: true, LocalWindowBits: > 0 }) _ownDeflater = new MessageDeflater(deflate.LocalWindowBits, deflate.CompressionLevel);
        if (deflate is { RemoteContextTakeover: true }) _ownInflater = new MessageInflater();
    }

    /// <summary>The status code of the peer's close frame (Tornado's <c>close_code</c>); null if it sent none.</summary>
    public int? CloseCode { get; private set; }

    /// <summary>The reason of the peer's close frame (Tornado's <c>close_reason</c>).</summary>
    public string? CloseReason { get; private set; }

    /// <summary>True once a close frame was sent or the connection is gone: no more messages may be written.</summary>
    public bool IsClosing => _closeSent || _terminated || _stream.Closed;

    /// <summary>True once the connection is over.</summary>
    public bool IsClosed => _terminated;

    /// <summary>The negotiated <c>Sec-WebSocket-Extensions</c> value, or null.</summary>
    public string? Extensions => _deflate?.ResponseHeader;

    /// <summary>Receives until the connection ends; <see cref="IWebSocketEvents.OnClosed"/> runs once at the end.</summary>
    public async Future RunAsync()
    {
        try
        {
            StartPinging();
            while (!_stream.Closed && !_terminated)
            {
                if (!WebSocketFrameHeader.TryParse(_stream.Buffered.Span, out var header))
                {
                    EndBatch();
                    await _stream.WaitForData();
                    continue;
                }
                _batching = true;
                if (CheckHeader(header) is { } violation)
                {
                    Fail(violation.Code, violation.Reason);
                    break;
                }
                _stream.Consume(header.HeaderLength);
                if (header.IsControl)
                {
                    while (_stream.Buffered.Length < header.PayloadLength)
                    {
                        EndBatch();
                        await _stream.WaitForData();
                    }
                    if (!HandleControl(header)) break;
                    continue;
                }
                if (header.Opcode != 0) StartMessage(header);
                else EnsureCapacity(header.PayloadLength);
                long remaining = header.PayloadLength;
                int maskOffset = 0;
                while (remaining > 0)
                {
                    if (_stream.Buffered.IsEmpty)
                    {
                        EndBatch();
                        await _stream.WaitForData();
                    }
                    int n = (int)Math.Min(remaining, _stream.Buffered.Length);
                    var destination = _messageBuffer.AsSpan(_messageLength, n);
                    _stream.Buffered.Span[..n].CopyTo(destination);
                    _stream.Consume(n);
                    if (header.Masked) maskOffset = WebSocketFrameWriter.ApplyMask(destination, header.MaskKey, maskOffset);
                    _messageLength += n;
                    remaining -= n;
                    // §8.1 + Autobahn 6.x: fail fast on invalid UTF-8, even mid-frame (compressed text is checked after inflating).
                    if (_messageOpcode == WebSocketOpcode.Text && !_messageCompressed && !_utf8.Feed(destination))
                    {
                        Fail(WebSocketCloseCodes.InvalidPayload, "Invalid UTF-8 in a text message");
                        return;
                    }
                }
                if (!header.Fin) continue;
                var message = CompleteMessage();
                if (message is null) break;
                if (_closeSent) continue; // closing: late messages are dropped (§7.1.2 allows it)
                Future handled;
                try
                {
                    handled = _events.OnMessage(message);
                }
                catch (Exception e)
                {
                    handled = Future.FromException(e);
                }
                // A handler that returns its own write's future (an echo) waits only for this batch's flush, which
                // the batch's end sends: reading on is safe. Any other pending future holds the next message.
                if (!handled.IsDone && !ReferenceEquals(handled, _batchFlush))
                {
                    // Tornado: the next message waits while on_message's future is pending.
                    EndBatch();
                    try
                    {
                        await handled;
                    }
                    catch (Exception)
                    {
                    }
                }
                if (handled.Exception is { } error)
                {
                    _loop.Logger.LogError(error, "Uncaught exception in WebSocket OnMessage");
                    Fail(WebSocketCloseCodes.InternalError, "Internal error");
                    break;
                }
            }
        }
        catch (StreamClosedException)
        {
            // The peer vanished (or the close timer fired): no close frame, CloseCode stays null (1006). Said once, so
            // that every connection's end has its reason in the log, as a close frame's code does.
            if (!_closeReceived && !_terminated)
                _loop.Logger.LogInformation(
                    _closeSent ? "WebSocket {Remote}: no close frame in reply, connection closed (1006)"
                               : "WebSocket {Remote}: connection lost without a close frame (1006)",
                    _stream.RemoteEndPoint);
        }
        catch (Exception e)
        {
            _loop.Logger.LogError(e, "WebSocket connection failed");
        }
        finally
        {
            Terminate();
        }
    }

    private readonly record struct Violation(int Code, string Reason);

    /// <summary>The §5 rules a header must meet before its payload is read; null when it does.</summary>
    private Violation? CheckHeader(in WebSocketFrameHeader header)
    {
        if (header.Rsv23) return new(WebSocketCloseCodes.ProtocolError, "Reserved bits set");
        if (header.Masked == _isClient)
            return new(WebSocketCloseCodes.ProtocolError, _isClient ? "Masked frame from the server" : "Unmasked frame from the client");
        if (header.PayloadLength < 0) return new(WebSocketCloseCodes.ProtocolError, "Invalid frame length");
        var opcode = (WebSocketOpcode)header.Opcode;
        if (header.IsControl)
        {
            if (opcode is not (WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong))
                return new(WebSocketCloseCodes.ProtocolError, "Reserved opcode");
            if (!header.Fin) return new(WebSocketCloseCodes.ProtocolError, "Fragmented control frame");
            if (header.PayloadLength > 125) return new(WebSocketCloseCodes.ProtocolError, "Control frame payload over 125 bytes");
            if (header.Rsv1) return new(WebSocketCloseCodes.ProtocolError, "RSV1 on a control frame");
            return null;
        }
        if (opcode is not (WebSocketOpcode.Continuation or WebSocketOpcode.Text or WebSocketOpcode.Binary))
            return new(WebSocketCloseCodes.ProtocolError, "Reserved opcode");
        if (opcode == WebSocketOpcode.Continuation)
        {
            if (_messageOpcode == 0) return new(WebSocketCloseCodes.ProtocolError, "Continuation frame with nothing to continue");
            if (header.Rsv1) return new(WebSocketCloseCodes.ProtocolError, "RSV1 on a continuation frame");
        }
        else
        {
            if (_messageOpcode != 0) return new(WebSocketCloseCodes.ProtocolError, "New data frame inside a fragmented message");
            if (header.Rsv1 && _deflate is null) return new(WebSocketCloseCodes.ProtocolError, "RSV1 set without a negotiated extension");
        }
        // A new message starts at 0 bytes: _messageLength still holds the previous message's length until StartMessage.
        long received = opcode == WebSocketOpcode.Continuation ? _messageLength : 0;
        if (received + header.PayloadLength > _settings.MaxMessageSize)
            return new(WebSocketCloseCodes.MessageTooBig, "Message too big");
        return null;
    }

    private void StartMessage(in WebSocketFrameHeader header)
    {
        _messageOpcode = (WebSocketOpcode)header.Opcode;
        _messageCompressed = header.Rsv1;
        _messageLength = 0;
        _utf8.Reset();
        if (header.Fin && !header.Rsv1)
        {
            // The common case, one uncompressed frame: its payload is unmasked straight into the array the message keeps.
            _messageBuffer = header.PayloadLength == 0 ? [] : new byte[header.PayloadLength];
            _messageBufferPooled = false;
        }
        else
        {
            _messageBuffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(header.PayloadLength, 256));
            _messageBufferPooled = true;
        }
        EnsureCapacity(header.PayloadLength);
    }

    private void EnsureCapacity(long payloadLength)
    {
        long needed = _messageLength + payloadLength;
        if (_messageBuffer!.Length >= needed) return;
        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(needed, _messageBuffer.Length * 2L), Math.Max(needed, _settings.MaxMessageSize)));
        _messageBuffer.AsSpan(0, _messageLength).CopyTo(bigger);
        ReleaseMessageBuffer();
        _messageBuffer = bigger;
        _messageBufferPooled = true;
    }

    private void ReleaseMessageBuffer()
    {
        if (_messageBufferPooled && _messageBuffer is not null) ArrayPool<byte>.Shared.Return(_messageBuffer);
        _messageBuffer = null;
        _messageBufferPooled = false;
    }

    /// <summary>The last fragment arrived: decompress, validate, and wrap the message; null when the connection failed.</summary>
    private WebSocketMessage? CompleteMessage()
    {
        bool binary = _messageOpcode == WebSocketOpcode.Binary;
        byte[] data;
        if (_messageCompressed)
        {
            var inflater = _ownInflater ?? MessageInflater.Shared;
            var inflated = inflater.Decompress(_messageBuffer.AsSpan(0, _messageLength), reset: _ownInflater is null, _settings.MaxMessageSize, out var failure);
            ReleaseMessageBuffer();
            _messageOpcode = 0;
            if (inflated is null)
            {
                if (failure == MessageInflater.Failure.TooBig) Fail(WebSocketCloseCodes.MessageTooBig, "Message too big");
                else Fail(WebSocketCloseCodes.InvalidPayload, "Invalid compressed data");
                return null;
            }
            if (!binary && !_utf8.Feed(inflated))
            {
                Fail(WebSocketCloseCodes.InvalidPayload, "Invalid UTF-8 in a text message");
                return null;
            }
            data = inflated;
        }
        else
        {
            data = _messageBufferPooled ? _messageBuffer.AsSpan(0, _messageLength).ToArray() : _messageBuffer!;
            ReleaseMessageBuffer();
            _messageOpcode = 0;
        }
        if (!binary && !_utf8.IsComplete)
        {
            Fail(WebSocketCloseCodes.InvalidPayload, "Truncated UTF-8 at the end of a text message");
            return null;
        }
        return new WebSocketMessage(data, binary);
    }
}
