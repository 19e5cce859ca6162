using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Squall.Http;

/// <summary>Sending: frames go straight into the stream's write queue; the futures complete when the kernel has the bytes.</summary>
internal sealed partial class WebSocketProtocol
{
    /// <summary>Sends a text message; done when flushed to the kernel (the backpressure).</summary>
    public Future WriteText(string text)
    {
        if (IsClosing) return Closed();
        int length = Encoding.UTF8.GetByteCount(text);
        if (ShouldCompress(length) || _isClient)
        {
            var rented = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                int n = Encoding.UTF8.GetBytes(text, rented);
                return WriteMessage(rented.AsSpan(0, n), binary: false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        // Server, uncompressed: encode straight into the write queue.
        Span<byte> header = stackalloc byte[WebSocketFrameWriter.MaxHeaderLength];
        int headerLength = WebSocketFrameWriter.WriteHeader(header, WebSocketOpcode.Text, fin: true, rsv1: false, length, null);
        WriteRaw(header[..headerLength]);
        var span = _stream.GetSpan(length);
        if (span.Length >= length)
        {
            Encoding.UTF8.GetBytes(text, span);
            _stream.Advance(length);
        }
        else
        {
            WriteRaw(Encoding.UTF8.GetBytes(text));
        }
        return _stream.Flush();
    }

    /// <summary>Sends a text (valid UTF-8) or binary message; done when flushed to the kernel.</summary>
    public Future WriteMessage(ReadOnlySpan<byte> payload, bool binary)
    {
        if (IsClosing) return Closed();
        var opcode = binary ? WebSocketOpcode.Binary : WebSocketOpcode.Text;
        if (ShouldCompress(payload.Length))
        {
            var deflater = _ownDeflater ?? MessageDeflater.Shared(_deflate!.LocalWindowBits, _deflate.CompressionLevel);
            var compressed = deflater.Compress(payload, reset: _ownDeflater is null, out int length);
            try
            {
                WriteFrame(opcode, compressed.AsSpan(0, length), rsv1: true);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(compressed);
            }
        }
        else
        {
            WriteFrame(opcode, payload, rsv1: false);
        }
        return _stream.Flush();
    }

    /// <summary>Sends a message encoded once for many connections: the same frame bytes go to every server socket.</summary>
    public Future WritePrepared(WebSocketPreparedMessage message)
    {
        if (IsClosing) return Closed();
        if (_isClient) return WriteMessage(message.Payload.Span, message.IsBinary);
        var payloadLength = message.Frame.Length - message.PayloadOffset;
        if (ShouldCompress(payloadLength))
        {
            if (_ownDeflater is not null) return WriteMessage(message.Payload.Span, message.IsBinary);
            return _stream.Write(message.CompressedFrame(_deflate!.LocalWindowBits, _deflate.CompressionLevel));
        }
        return _stream.Write(message.Frame);
    }

    /// <summary>Sends a ping (payload at most 125 bytes); done when flushed.</summary>
    public Future Ping(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > 125) throw new ArgumentException("A ping payload is at most 125 bytes (RFC 6455 §5.5).", nameof(payload));
        if (IsClosing) return Closed();
        WriteFrame(WebSocketOpcode.Ping, payload, rsv1: false);
        return _stream.Flush();
    }

    private static Future Closed() => Future.FromException(new WebSocketClosedException());

    private bool ShouldCompress(int length) => _deflate is { LocalWindowBits: > 0 } d && length >= d.MinCompressSize;

    /// <summary>Queues one frame: the client masks it with a fresh key from a cryptographic source (§5.3).</summary>
    private void WriteFrame(WebSocketOpcode opcode, ReadOnlySpan<byte> payload, bool rsv1)
    {
        Span<byte> header = stackalloc byte[WebSocketFrameWriter.MaxHeaderLength];
        uint? key = null;
        if (_isClient)
        {
            Span<byte> keyBytes = stackalloc byte[4];
            RandomNumberGenerator.Fill(keyBytes);
            key = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(keyBytes);
        }
        int headerLength = WebSocketFrameWriter.WriteHeader(header, opcode, fin: true, rsv1, payload.Length, key);
        WriteRaw(header[..headerLength]);
        if (key is not { } mask)
        {
            WriteRaw(payload);
            return;
        }
        int offset = 0;
        while (!payload.IsEmpty)
        {
            var span = _stream.GetSpan(1);
            int n = Math.Min(span.Length, payload.Length);
            payload[..n].CopyTo(span);
            offset = WebSocketFrameWriter.ApplyMask(span[..n], mask, offset);
            _stream.Advance(n);
            payload = payload[n..];
        }
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var span = _stream.GetSpan(Math.Min(bytes.Length, 64 * 1024));
            int n = Math.Min(span.Length, bytes.Length);
            bytes[..n].CopyTo(span);
            _stream.Advance(n);
            bytes = bytes[n..];
        }
    }
}
