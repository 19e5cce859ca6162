using System.Text;

namespace Squall.Redis;

/// <summary>One parsed RESP2 reply. Bulk strings keep their bytes; simple strings and errors keep their text.</summary>
public sealed class RespValue
{
    private RespValue(RespKind kind, long integer, byte[]? bytes, RespValue[]? items)
    {
        Kind = kind;
        Integer = integer;
        Bytes = bytes;
        Items = items;
    }

    /// <summary>The reply type.</summary>
    public RespKind Kind { get; }

    /// <summary>The value of an <see cref="RespKind.Integer"/> reply.</summary>
    public long Integer { get; }

    /// <summary>The payload of a bulk string, simple string or error; null otherwise.</summary>
    public byte[]? Bytes { get; }

    /// <summary>The elements of an <see cref="RespKind.Array"/> reply; null otherwise.</summary>
    public RespValue[]? Items { get; }

    /// <summary>The payload as UTF-8 text (null when there is none).</summary>
    public string? Text => Bytes is null ? null : Encoding.UTF8.GetString(Bytes);

    /// <summary>The shared null reply.</summary>
    public static RespValue Null { get; } = new(RespKind.Null, 0, null, null);

    internal static RespValue Simple(byte[] text) => new(RespKind.SimpleString, 0, text, null);

    internal static RespValue Error(byte[] text) => new(RespKind.Error, 0, text, null);

    // PUBLISH answers with its receiver count and INCR-style replies are small: share those instead of allocating.
    private static readonly RespValue[] SmallIntegers = Enumerable.Range(0, 64).Select(i => new RespValue(RespKind.Integer, i, null, null)).ToArray();

    internal static RespValue FromInteger(long value) =>
        (ulong)value < (ulong)SmallIntegers.Length ? SmallIntegers[value] : new(RespKind.Integer, value, null, null);

    internal static RespValue Bulk(byte[] bytes) => new(RespKind.BulkString, 0, bytes, null);

    internal static RespValue FromArray(RespValue[] items) => new(RespKind.Array, 0, null, items);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        RespKind.Integer => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        RespKind.Array => "[" + string.Join(", ", Items!.Select(i => i.ToString())) + "]",
        RespKind.Null => "(nil)",
        _ => Text ?? "",
    };
}
