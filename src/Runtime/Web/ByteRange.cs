using System.Globalization;

namespace Squall.Web;

/// <summary>The single-range subset of RFC 9110 §14.2 <c>Range: bytes=...</c> that Tornado supports.</summary>
internal static class ByteRange
{
    /// <summary>Parses <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>; false for anything else (ignored: full content).</summary>
    public static bool TryParse(string header, out long? first, out long? last)
    {
        first = last = null;
        var value = header.AsSpan().Trim();
        if (!value.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return false;
        value = value[6..].Trim();
        if (value.Contains(',')) return false; // several ranges: served whole, as Tornado does
        int dash = value.IndexOf('-');
        if (dash < 0) return false;
        var a = value[..dash].Trim();
        var b = value[(dash + 1)..].Trim();
        if (a.IsEmpty && b.IsEmpty) return false;
        if (!a.IsEmpty)
        {
            if (!long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var f)) return false;
            first = f;
        }
        if (!b.IsEmpty)
        {
            if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var l)) return false;
            last = l;
        }
        if (first is { } x && last is { } y && y < x) return false;
        return true;
    }

    /// <summary>Turns a parsed range into [start, end) for a file of <paramref name="size"/>; false when unsatisfiable.</summary>
    public static bool Resolve(long? first, long? last, long size, out long start, out long end)
    {
        if (first is null)
        {
            // Suffix range: the last n bytes.
            long n = Math.Min(last!.Value, size);
            start = size - n;
            end = size;
            return n > 0;
        }
        start = first.Value;
        end = last is { } l ? Math.Min(l + 1, size) : size;
        return start < size;
    }
}
