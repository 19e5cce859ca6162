using System.Globalization;
using System.Text;

namespace Squall.Http;

/// <summary>
/// The <c>Date</c> response header value (RFC 9110 §5.6.7 IMF-fixdate), formatted once per second and cached as
/// bytes so writing it allocates nothing. One cache per thread: each loop thread formats its own.
/// </summary>
internal static class HttpDate
{
    [ThreadStatic] private static byte[]? t_bytes;
    [ThreadStatic] private static long t_second;

    /// <summary>The current date as ASCII bytes, e.g. <c>Sun, 06 Nov 1994 08:49:37 GMT</c>.</summary>
    public static ReadOnlySpan<byte> Current
    {
        get
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (t_bytes is null || now != t_second)
            {
                t_second = now;
                t_bytes = Encoding.ASCII.GetBytes(Format(DateTimeOffset.FromUnixTimeSeconds(now)));
            }
            return t_bytes;
        }
    }

    /// <summary>Formats <paramref name="time"/> as an IMF-fixdate.</summary>
    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
}
