using System.Globalization;

namespace Squall.Web;

/// <summary>Path helpers for the generated matcher: segment splitting and percent-decoding.</summary>
public static class RoutePath
{
    /// <summary>
    /// Splits <paramref name="path"/> (which starts with <c>/</c>) into segment ranges: <c>/</c> has none,
    /// <c>/a/b</c> has two, <c>/a/</c> two (the second empty). Returns the segment count (ranges are stored for the
    /// first <c>starts.Length</c> only), or -1 when it does not start with <c>/</c>.
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
            // Past the buffer only the count matters: exact routes that long do not exist, and catch-alls read only
            // the segments before their own.
            if (count < starts.Length)
            {
                starts[count] = start;
                lengths[count] = end - start;
            }
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


    /// <summary>Generated matcher: segment text equals <paramref name="literal"/> (ordinal).</summary>
    public static bool SegmentEquals(ReadOnlySpan<char> segment, string literal) => segment.SequenceEqual(literal);

    /// <summary>Generated matcher: the segment is an <c>int</c>.</summary>
    public static bool IsInt32(ReadOnlySpan<char> segment) => int.TryParse(segment, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    /// <summary>Generated matcher: the segment is a <c>long</c>.</summary>
    public static bool IsInt64(ReadOnlySpan<char> segment) => long.TryParse(segment, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    /// <summary>Generated matcher: the segment is a <c>Guid</c>.</summary>
    public static bool IsGuid(ReadOnlySpan<char> segment) => Guid.TryParse(segment, out _);

    /// <summary>Generated matcher: the segment is <c>true</c> or <c>false</c> (any case).</summary>
    public static bool IsBool(ReadOnlySpan<char> segment) => bool.TryParse(segment, out _);

    /// <summary>Generated dispatch: a segment the matcher accepted as <c>int</c>.</summary>
    public static int ParseInt32(ReadOnlySpan<char> segment) => int.Parse(segment, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>Generated dispatch: a segment the matcher accepted as <c>long</c>.</summary>
    public static long ParseInt64(ReadOnlySpan<char> segment) => long.Parse(segment, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>Generated dispatch: a segment the matcher accepted as <c>Guid</c>.</summary>
    public static Guid ParseGuid(ReadOnlySpan<char> segment) => Guid.Parse(segment);

    /// <summary>Generated dispatch: a segment the matcher accepted as <c>bool</c>.</summary>
    public static bool ParseBool(ReadOnlySpan<char> segment) => bool.Parse(segment);

    /// <summary>Generated URL builders: an <c>int</c> route value.</summary>
    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Generated URL builders: a <c>long</c> route value.</summary>
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Generated URL builders: a <c>Guid</c> route value.</summary>
    public static string Format(Guid value) => value.ToString("D");

    /// <summary>Generated URL builders: a <c>bool</c> route value.</summary>
    public static string Format(bool value) => value ? "true" : "false";
}
