using System.Buffers.Text;

namespace Squall.Redis;

/// <summary>
/// Parses RESP2 replies from a buffer that may hold a partial reply. Stateless: a reply that is not complete yet is
/// parsed again from its first byte when more arrives (Redis replies for pub/sub are small; a bulk string's length
/// is checked before anything is copied). Bytes that are not RESP throw <see cref="RedisProtocolException"/>.
/// </summary>
internal static class RespReader
{
    /// <summary>Redis's own default <c>proto-max-bulk-len</c>.</summary>
    public const int MaxBulkLength = 512 * 1024 * 1024;

    /// <summary>More elements than any reply we ask for can have: a corrupt length must not allocate gigabytes.</summary>
    public const int MaxArrayLength = 1024 * 1024;

    /// <summary>Nesting a client never sees from the commands it sends; bounds the recursion.</summary>
    public const int MaxDepth = 16;

    /// <summary>A type line (<c>+OK</c>, <c>$5</c>, <c>-ERR ...</c>) longer than this is not a reply.</summary>
    public const int MaxLineLength = 64 * 1024;

    /// <summary>
    /// Reads one whole reply from the front of <paramref name="buffer"/>: true with the value and the bytes it took,
    /// false (nothing consumed) when the buffer ends inside it.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> buffer, out RespValue value, out int consumed)
    {
        int position = 0;
        if (TryReadValue(buffer, ref position, 0, out var parsed))
        {
            value = parsed!;
            consumed = position;
            return true;
        }
        value = RespValue.Null;
        consumed = 0;
        return false;
    }

    private static bool TryReadValue(ReadOnlySpan<byte> buffer, ref int position, int depth, out RespValue? value)
    {
        value = null;
        if (!TryReadLine(buffer, position, out var line, out int next)) return false;
        if (line.IsEmpty) throw new RedisProtocolException("Empty reply line.");
        var rest = line[1..];
        switch (line[0])
        {
            case (byte)'+':
                value = RespValue.Simple(rest.ToArray());
                break;
            case (byte)'-':
                value = RespValue.Error(rest.ToArray());
                break;
            case (byte)':':
                value = RespValue.FromInteger(ParseInteger(rest));
                break;
            case (byte)'$':
            {
                long length = ParseInteger(rest);
                if (length == -1)
                {
                    value = RespValue.Null;
                    break;
                }
                if (length < 0 || length > MaxBulkLength) throw new RedisProtocolException($"Bulk length {length} is out of range.");
                if (buffer.Length - next < length + 2) return false;
                int end = next + (int)length;
                if (buffer[end] != (byte)'\r' || buffer[end + 1] != (byte)'\n')
                    throw new RedisProtocolException("A bulk string does not end with CRLF.");
                value = RespValue.Bulk(buffer[next..end].ToArray());
                next = end + 2;
                break;
            }
            case (byte)'*':
            {
                long count = ParseInteger(rest);
                if (count == -1)
                {
                    value = RespValue.Null;
                    break;
                }
                if (count < 0 || count > MaxArrayLength) throw new RedisProtocolException($"Array length {count} is out of range.");
                if (depth >= MaxDepth) throw new RedisProtocolException("Replies are nested too deeply.");
                var items = new RespValue[count];
                for (int i = 0; i < items.Length; i++)
                {
                    if (!TryReadValue(buffer, ref next, depth + 1, out var item)) return false;
                    items[i] = item!;
                }
                value = RespValue.FromArray(items);
                break;
            }
            default:
                throw new RedisProtocolException($"Unknown reply type 0x{line[0]:x2}.");
        }
        position = next;
        return true;
    }

    private static bool TryReadLine(ReadOnlySpan<byte> buffer, int start, out ReadOnlySpan<byte> line, out int next)
    {
        var rest = buffer[start..];
        int lf = rest.IndexOf((byte)'\n');
        if (lf < 0)
        {
            if (rest.Length > MaxLineLength) throw new RedisProtocolException("A reply line is too long.");
            line = default;
            next = start;
            return false;
        }
        if (lf == 0 || rest[lf - 1] != (byte)'\r') throw new RedisProtocolException("A reply line does not end with CRLF.");
        line = rest[..(lf - 1)];
        next = start + lf + 1;
        return true;
    }

    private static long ParseInteger(ReadOnlySpan<byte> text)
    {
        if (!Utf8Parser.TryParse(text, out long value, out int used) || used != text.Length)
            throw new RedisProtocolException("A reply carries an invalid integer.");
        return value;
    }
}
