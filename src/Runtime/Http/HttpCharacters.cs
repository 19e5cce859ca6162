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

    // Below this length a plain loop checks the bytes: most header names, values and paths are that short, and the
    // SearchValues call is virtual, which NativeAOT (no static readonly folding, no guarded devirtualization) cannot
    // inline — it was 4 % of a pipelined /plaintext request in AOT. Longer inputs take the vectorized search.
    private const int ScalarBelow = 32;

    public static bool IsToken(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty) return false;
        if (s.Length >= ScalarBelow) return !s.ContainsAnyExcept(s_token);
        var table = TokenTable;
        foreach (byte b in s)
        {
            if (b >= 128 || table[b] == 0) return false;
        }
        return true;
    }

    public static bool IsValidFieldValue(ReadOnlySpan<byte> s)
    {
        if (s.Length >= ScalarBelow) return !s.ContainsAnyExcept(s_fieldValue);
        foreach (byte b in s)
        {
            // Refused: the controls except HTAB, and DEL (the complement of s_fieldValue).
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7F) return false;
        }
        return true;
    }

    public static bool IsValidTarget(ReadOnlySpan<byte> s) =>
        !s.IsEmpty && IsVisibleAscii(s) && (s[0] == '/' || s[0] == '*' || IsAbsoluteOrAuthority(s));

    private static bool IsVisibleAscii(ReadOnlySpan<byte> s)
    {
        if (s.Length >= ScalarBelow) return !s.ContainsAnyExcept(s_target);
        foreach (byte b in s)
        {
            if ((uint)(b - 0x21) > 0x7E - 0x21) return false;
        }
        return true;
    }

    // 1 for each tchar below 128 (the same set as s_token), as constant data both the JIT and NativeAOT index directly.
    private static ReadOnlySpan<byte> TokenTable =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0x00
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // 0x10
        0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0, // 0x20  ! # $ % & ' * + - .
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, // 0x30  0-9
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0x40  A-O
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, // 0x50  P-Z ^ _
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // 0x60  ` a-o
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, // 0x70  p-z | ~
    ];

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
