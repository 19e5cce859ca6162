using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Squall.Web;

/// <summary>
/// Signed cookie values: <c>base64url(value)|timestamp|hex(HMAC-SHA256(secret, name|base64|timestamp))</c>. Binding
/// the name into the signature stops a value signed for one cookie being replayed in another (as Tornado's v2 format).
/// </summary>
internal static class SignedValue
{
    public static string Create(string secret, string name, string value, long timestamp)
    {
        string encoded = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value)); // unpadded, RFC 4648 §5
        string ts = timestamp.ToString(CultureInfo.InvariantCulture);
        return encoded + "|" + ts + "|" + Convert.ToHexStringLower(Sign(secret, name, encoded, ts));
    }

    public static string? Decode(string secret, string name, string signed, double maxAgeDays, long now)
    {
        var parts = signed.Split('|');
        if (parts.Length != 3) return null;
        string encoded = parts[0], ts = parts[1];
        byte[] expected = Sign(secret, name, encoded, ts);
        byte[] given;
        try
        {
            given = Convert.FromHexString(parts[2]);
        }
        catch (FormatException)
        {
            return null;
        }
        // Constant-time: a timing difference would let an attacker find the signature byte by byte.
        if (!CryptographicOperations.FixedTimeEquals(expected, given)) return null;
        if (!long.TryParse(ts, NumberStyles.None, CultureInfo.InvariantCulture, out long timestamp)) return null;
        if (timestamp < now - (long)(maxAgeDays * 86400)) return null;
        // Tornado also refuses timestamps far in the future (a sign of a forged or confused clock).
        if (timestamp > now + 31 * 86400) return null;
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] Sign(string secret, string name, string encoded, string ts) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(name + "|" + encoded + "|" + ts));
}
