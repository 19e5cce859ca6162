
namespace Squall.Web;

/// <summary>Path helpers for the generated matcher: segment splitting and percent-decoding.</summary>
public static class RoutePath
{
    /// <summary>
    /// Splits <paramref name="path"/> (which starts with <c>/</c>) into segment ranges: <c>/</c> has none,
    /// <c>/a/b</c> has two, <c>/a/</c> two (the second empty). Returns the segment count, or -1 when it does not
    /// start with <c>/</c> or has more segments than <paramref name="starts"/> can hold (the caller then matches
    /// only catch-all and regex routes).
    /// </summary>
    public static int Split(ReadOnlySpan<char> path, Span<int> starts, Span<int> lengths)
    {
        if (path.IsEmpty || path[0] != '/') return -1;
        if (path.Length == 1) return 0;
        int count = 0, start = 1;
        while (true)
        {
            int slash = path[start..].IndexOf('/');
            int end = slash < 0 ? path.Length : start + slash;
            if (count == starts.Length) return -1;
            starts[count] = start;
            lengths[count] = end - start;
            count++;
            if (slash < 0) return count;
            start = end + 1;
        }
    }

    /// <summary>Percent-decodes a path value (UTF-8); invalid escapes are kept as written.</summary>
    public static string Decode(ReadOnlySpan<char> value)
    {
        if (value.IndexOf('%') < 0) return new string(value);
        return Uri.UnescapeDataString(new string(value));
    }

    /// <summary>Percent-encodes one path segment value for a URL builder.</summary>
    public static string EscapeSegment(string value) => Uri.EscapeDataString(value);

    /// <summary>Percent-encodes a catch-all value, keeping its <c>/</c> separators.</summary>
    public static string EscapePath(string value)
    {
        if (value.IndexOf('/') < 0) return Uri.EscapeDataString(value);
        var parts = value.Split('/');
        for (int i = 0; i < parts.Length; i++) parts[i] = Uri.EscapeDataString(parts[i]);
        return string.Join('/', parts);
    }

}
