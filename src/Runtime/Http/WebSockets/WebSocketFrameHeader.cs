using System.Buffers.Binary;

namespace Squall.Http;

/// <summary>
/// One frame's header (RFC 6455 §5.2), parsed from the front of the read buffer without copying. The payload that
/// follows is not part of it: the reader unmasks it straight into the message it belongs to.
/// </summary>
internal struct WebSocketFrameHeader
{
    public bool Fin;
    public bool Rsv1;
    public bool Rsv23;
    public byte Opcode;
    public bool Masked;
    public uint MaskKey; // the four key bytes in wire order, read little-endian so byte i of the key is (key >> 8i)
    public long PayloadLength;
    public int HeaderLength;

    public readonly bool IsControl => (Opcode & 0x8) != 0;

    /// <summary>
    /// Parses a header from <paramref name="buffer"/>. False when more bytes are needed. A 64-bit length with its
    /// top bit set (§5.2 forbids it) comes back as -1 for the caller to reject.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out WebSocketFrameHeader header)
    {
        header = default;
        if (buffer.Length < 2) return false;
        byte b0 = buffer[0], b1 = buffer[1];
        header.Fin = (b0 & 0x80) != 0;
        header.Rsv1 = (b0 & 0x40) != 0;
        header.Rsv23 = (b0 & 0x30) != 0;
        header.Opcode = (byte)(b0 & 0x0F);
        header.Masked = (b1 & 0x80) != 0;
        int length7 = b1 & 0x7F;
        int offset = 2;
        long length = length7;
        if (length7 == 126)
        {
            if (buffer.Length < 4) return false;
            length = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
            offset = 4;
        }
        else if (length7 == 127)
        {
            if (buffer.Length < 10) return false;
            ulong big = BinaryPrimitives.ReadUInt64BigEndian(buffer[2..]);
            length = big > long.MaxValue ? -1 : (long)big;
            offset = 10;
        }
        if (header.Masked)
        {
            if (buffer.Length < offset + 4) return false;
            header.MaskKey = BinaryPrimitives.ReadUInt32LittleEndian(buffer[offset..]);
            offset += 4;
        }
        header.PayloadLength = length;
        header.HeaderLength = offset;
        return true;
    }
}
