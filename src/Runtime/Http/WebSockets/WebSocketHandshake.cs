using System.Security.Cryptography;
using System.Text;

namespace Squall.Http;

/// <summary>The opening handshake's pure parts (RFC 6455 §4), shared by server and client.</summary>
public static class WebSocketHandshake
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary><c>Sec-WebSocket-Accept</c> for a <c>Sec-WebSocket-Key</c>: base64(SHA-1(key + GUID)) (§4.2.2).</summary>
    public static string ComputeAccept(string key)
    {
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(Encoding.ASCII.GetBytes(key.Trim() + Guid), hash);
        return Convert.ToBase64String(hash);
    }

    /// <summary>A fresh <c>Sec-WebSocket-Key</c>: 16 random bytes, base64 (§4.1).</summary>
    public static string NewKey()
    {
        Span<byte> nonce = stackalloc byte[16];
        RandomNumberGenerator.Fill(nonce);
        return Convert.ToBase64String(nonce);
    }

    /// <summary>True when <paramref name="key"/> is base64 of 16 bytes, as §4.2.1 requires.</summary>
    public static bool IsValidKey(string? key)
    {
        if (key is null) return false;
        Span<byte> decoded = stackalloc byte[18];
        return Convert.TryFromBase64String(key.Trim(), decoded, out int n) && n == 16;
    }

    /// <summary>True when a comma-separated header (<c>Connection</c>, <c>Upgrade</c>) holds <paramref name="token"/>, case-insensitively.</summary>
    public static bool HasToken(IEnumerable<string> values, string token)
    {
        foreach (var value in values)
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
                if (part.Equals(token, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
