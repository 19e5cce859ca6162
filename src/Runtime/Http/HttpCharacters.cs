using System.Buffers;

namespace Squall.Http;

/// <summary>Character classes of RFC 9110 §5.6 (tokens, field values) and of request targets.</summary>
internal static class HttpCharacters
{
    // tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    private static readonly SearchValues<byte> s_token = SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    // field-vchar = VCHAR / obs-text, plus SP and HTAB inside a value; everything else (CR, LF, NUL, CTLs, DEL) is refused.
    private static readonly SearchValues<byte> s_fieldValue = SearchValues.Create(BuildFieldValue());

    // Request target: visible ASCII only (RFC 3986 characters; '%' escapes are passed through undecoded).
    private static readonly SearchValues<byte> s_target = SearchValues.Create(BuildTarget());

    public static bool IsToken(ReadOnlySpan<byte> s) => !s.IsEmpty && !s.ContainsAnyExcept(s_token);

    public static bool IsValidFieldValue(ReadOnlySpan<byte> s) => !s.ContainsAnyExcept(s_fieldValue);

    public static bool IsValidTarget(ReadOnlySpan<byte> s) =>
        !s.IsEmpty && !s.ContainsAnyExcept(s_target) && (s[0] == '/' || s[0] == '*' || IsAbsoluteOrAuthority(s));

    // absolute-form (http://host/path, for proxies) or authority-form (host:port, for CONNECT).
    private static bool IsAbsoluteOrAuthority(ReadOnlySpan<byte> s) =>
        s.StartsWith("http://"u8) || s.StartsWith("https://"u8) || (char.IsAsciiLetterOrDigit((char)s[0]) && s.IndexOf((byte)':') > 0);

    private static byte[] BuildFieldValue()
    {
        var list = new List<byte> { (byte)' ', (byte)'\t' };
        for (int b = 0x21; b <= 0x7E; b++) list.Add((byte)b);
        for (int b = 0x80; b <= 0xFF; b++) list.Add((byte)b);
        return [.. list];
    }

    private static byte[] BuildTarget()
    {
        var list = new List<byte>();
        for (int b = 0x21; b <= 0x7E; b++) list.Add((byte)b);
        return [.. list];
    }
}
