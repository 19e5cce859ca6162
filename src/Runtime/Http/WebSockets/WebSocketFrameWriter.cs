using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Squall.Http;

/// <summary>Encodes frame headers and applies masks (RFC 6455 §5.2–5.3). Stateless helpers shared by server and client.</summary>
internal static class WebSocketFrameWriter
{
    /// <summary>The largest header: 2 bytes, a 64-bit length, a 4-byte mask key.</summary>
    public const int MaxHeaderLength = 14;

    /// <summary>Writes a header into <paramref name="destination"/> (at least <see cref="MaxHeaderLength"/> bytes); returns its length.</summary>
    public static int WriteHeader(Span<byte> destination, WebSocketOpcode opcode, bool fin, bool rsv1, long payloadLength, uint? maskKey)
    {
        destination[0] = (byte)((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (byte)opcode);
        byte maskBit = maskKey.HasValue ? (byte)0x80 : (byte)0;
        int offset;
        if (payloadLength < 126)
        {
            destination[1] = (byte)(maskBit | payloadLength);
            offset = 2;
        }
        else if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = (byte)(maskBit | 126);
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
            offset = 4;
        }
        else
        {
            destination[1] = (byte)(maskBit | 127);
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
            offset = 10;
        }
        if (maskKey is { } key)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[offset..], key);
            offset += 4;
        }
        return offset;
    }

    /// <summary>Frame length (header + payload) of an unmasked frame.</summary>
    public static int HeaderLength(long payloadLength, bool masked) =>
        (payloadLength < 126 ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10) + (masked ? 4 : 0);

    /// <summary>
    /// XORs <paramref name="data"/> in place with the mask <paramref name="key"/>, starting at byte
    /// <paramref name="offset"/> of the key (mod 4); returns the key offset after the data. Vectorised over 8 bytes.
    /// </summary>
    public static int ApplyMask(Span<byte> data, uint key, int offset)
    {
        if (data.IsEmpty) return offset;
        // Rotate the key so that its byte 0 applies to data[0].
        uint rotated = BitOperations.RotateRight(key, 8 * (offset & 3));
        ulong key64 = rotated | ((ulong)rotated << 32);
        int i = 0;
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        for (int w = 0; w < words.Length; w++) words[w] ^= key64;
        i = words.Length * 8;
        for (; i < data.Length; i++) data[i] ^= (byte)(rotated >> (8 * (i & 3)));
        return (offset + data.Length) & 3;
    }
}
