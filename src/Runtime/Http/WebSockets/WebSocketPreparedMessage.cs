using System.Text;

namespace Squall.Http;

/// <summary>
/// A message encoded once into a server frame, for sending the same message to many sockets (a broadcast). Server
/// frames are unmasked, so the bytes are identical for every connection: each send hands the same array to the
/// kernel. Compressed connections without context takeover share one compressed frame too, made on first use.
/// Loop-thread only (the compressed frame is cached without locks).
/// </summary>
public sealed class WebSocketPreparedMessage
{
    private byte[]? _compressed;
    private int _compressedKey;

    /// <summary>Prepares a text message.</summary>
    public WebSocketPreparedMessage(string text)
        : this(Encoding.UTF8.GetBytes(text), binary: false)
    {
    }

    /// <summary>Prepares a text (<paramref name="binary"/> false; valid UTF-8) or binary message.</summary>
    public WebSocketPreparedMessage(ReadOnlySpan<byte> data, bool binary)
    {
        IsBinary = binary;
        int header = WebSocketFrameWriter.HeaderLength(data.Length, masked: false);
        Frame = new byte[header + data.Length];
        WebSocketFrameWriter.WriteHeader(Frame, binary ? WebSocketOpcode.Binary : WebSocketOpcode.Text, fin: true, rsv1: false, data.Length, null);
        data.CopyTo(Frame.AsSpan(header));
        PayloadOffset = header;
    }

    /// <summary>True for a binary message.</summary>
    public bool IsBinary { get; }

    /// <summary>The whole unmasked, uncompressed frame.</summary>
    internal byte[] Frame { get; }

    internal int PayloadOffset { get; }

    /// <summary>The message's payload.</summary>
    public ReadOnlyMemory<byte> Payload => Frame.AsMemory(PayloadOffset);

    /// <summary>The frame compressed from an empty window with these settings; made once per setting and kept.</summary>
    internal byte[] CompressedFrame(int windowBits, int level)
    {
        int key = windowBits * 16 + level;
        if (_compressed is not null && _compressedKey == key) return _compressed;
        var deflater = MessageDeflater.Shared(windowBits, level);
        var compressed = deflater.Compress(Payload.Span, reset: true, out int length);
        try
        {
            int header = WebSocketFrameWriter.HeaderLength(length, masked: false);
            var frame = new byte[header + length];
            WebSocketFrameWriter.WriteHeader(frame, IsBinary ? WebSocketOpcode.Binary : WebSocketOpcode.Text, fin: true, rsv1: true, length, null);
            compressed.AsSpan(0, length).CopyTo(frame.AsSpan(header));
            _compressed = frame;
            _compressedKey = key;
            return frame;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(compressed);
        }
    }
}
