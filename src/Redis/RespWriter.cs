using System.Buffers.Text;
using System.Text;

namespace Squall.Redis;

/// <summary>Encodes a command as RESP: an array of bulk strings (<c>*2\r\n$7\r\nPUBLISH\r\n...</c>).</summary>
internal static class RespWriter
{
    /// <summary>The exact encoded size of a command with these arguments.</summary>
    public static int Measure(ReadOnlySpan<ReadOnlyMemory<byte>> arguments)
    {
        int size = 1 + Digits(arguments.Length) + 2;
        foreach (var argument in arguments) size += 1 + Digits(argument.Length) + 2 + argument.Length + 2;
        return size;
    }

    /// <summary>Writes the command into <paramref name="destination"/> (at least <see cref="Measure"/> bytes) and returns its size.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<ReadOnlyMemory<byte>> arguments)
    {
        int n = Header(destination, (byte)'*', arguments.Length);
        foreach (var argument in arguments)
        {
            n += Header(destination[n..], (byte)'$', argument.Length);
            argument.Span.CopyTo(destination[n..]);
            n += argument.Length;
            destination[n++] = (byte)'\r';
            destination[n++] = (byte)'\n';
        }
        return n;
    }

    /// <summary>Arguments given as text, UTF-8 encoded.</summary>
    public static ReadOnlyMemory<byte>[] Encode(string[] arguments)
    {
        var encoded = new ReadOnlyMemory<byte>[arguments.Length];
        for (int i = 0; i < arguments.Length; i++) encoded[i] = Encoding.UTF8.GetBytes(arguments[i]);
        return encoded;
    }

    private static int Header(Span<byte> destination, byte type, int length)
    {
        destination[0] = type;
        Utf8Formatter.TryFormat(length, destination[1..], out int digits);
        destination[1 + digits] = (byte)'\r';
        destination[2 + digits] = (byte)'\n';
        return 3 + digits;
    }

    private static int Digits(int value)
    {
        int digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }
        return digits;
    }
}
