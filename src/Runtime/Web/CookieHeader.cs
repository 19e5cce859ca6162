namespace Squall.Web;

/// <summary>Reads a request's <c>Cookie</c> header (RFC 6265 §5.4 shape, parsed leniently as browsers send it).</summary>
internal static class CookieHeader
{
    /// <summary>
    /// Adds each <c>name=value</c> pair of <paramref name="header"/> to <paramref name="cookies"/>: names and values
    /// trimmed, one pair of surrounding double quotes removed, pairs without a name (or a blank one) skipped, the first of a repeated
    /// name kept.
    /// </summary>
    public static void Parse(string header, Dictionary<string, string> cookies)
    {
        foreach (var part in header.Split(';'))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            string key = part[..eq].Trim();
            if (key.Length == 0) continue; // " =x": a name of only spaces is no name (found by fuzz/ cookie)
            string val = part[(eq + 1)..].Trim();
            if (val.Length >= 2 && val[0] == '"' && val[^1] == '"') val = val[1..^1];
            cookies.TryAdd(key, val);
        }
    }
}
