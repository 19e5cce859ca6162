using System.Text;

namespace Squall.Http;

/// <summary>
/// Cached strings for known methods and common header names, so parsing a typical request makes no string for
/// them. Header names are matched case-insensitively and returned in their canonical spelling (headers are
/// case-insensitive, RFC 9110 §5.1; Tornado normalizes names too).
/// </summary>
internal static class KnownStrings
{
    private static readonly string[] s_methods = ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "CONNECT"];

    private static readonly string[] s_headers =
    [
        "Host", "Connection", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Charset", "User-Agent", "Cookie",
        "Content-Length", "Content-Type", "Content-Encoding", "Transfer-Encoding", "Expect", "Referer", "Origin",
        "Authorization", "Cache-Control", "Pragma", "If-None-Match", "If-Modified-Since", "If-Match", "If-Range", "Range",
        "Upgrade", "Upgrade-Insecure-Requests", "Keep-Alive", "TE", "Date", "Server", "Location", "Set-Cookie", "ETag",
        "Last-Modified", "Vary", "X-Real-Ip", "X-Forwarded-For", "X-Forwarded-Proto", "X-Scheme", "X-Requested-With",
        "X-Xsrftoken", "X-Csrftoken", "DNT", "Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-Dest", "Sec-Fetch-User",
        "Priority", "Content-Disposition", "Access-Control-Request-Method", "Access-Control-Request-Headers",
    ];

    // Indexed by length, then scanned: a dozen candidates at most per length.
    private static readonly string[][] s_headersByLength = BuildByLength(s_headers);

    /// <summary>The cached string for a known method (exact, methods are case-sensitive), else a new string.</summary>
    public static string Method(ReadOnlySpan<byte> method)
    {
        foreach (var m in s_methods)
        {
            if (method.Length == m.Length && Ascii.Equals(method, m)) return m;
        }
        return Encoding.ASCII.GetString(method);
    }

    /// <summary>The canonical cached string for a common header name, else a new string as sent.</summary>
    public static string HeaderName(ReadOnlySpan<byte> name)
    {
        if (name.Length < s_headersByLength.Length)
        {
            foreach (var h in s_headersByLength[name.Length])
            {
                if (Ascii.EqualsIgnoreCase(name, h)) return h;
            }
        }
        return Encoding.ASCII.GetString(name);
    }

    /// <summary>True when <paramref name="candidate"/> holds exactly the Latin-1 characters of <paramref name="bytes"/>.</summary>
    /// <remarks>Runs for the target and every header value of every request: inlined, and written so that the JIT and
    /// NativeAOT drop the bounds checks (both spans' lengths bound the loop).</remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool SameText(ReadOnlySpan<byte> bytes, string? candidate)
    {
        if (candidate is null || candidate.Length != bytes.Length) return false;
        ReadOnlySpan<char> chars = candidate;
        for (int i = 0; i < chars.Length && i < bytes.Length; i++)
        {
            if (chars[i] != bytes[i]) return false;
        }
        return true;
    }

    private static string[][] BuildByLength(string[] names)
    {
        int max = names.Max(n => n.Length);
        var table = new string[max + 1][];
        for (int len = 0; len <= max; len++) table[len] = names.Where(n => n.Length == len).ToArray();
        return table;
    }
}
