using System.Diagnostics;
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
    [ThreadStatic] private static long t_validUntil; // monotonic (Stopwatch) timestamp at which the cached second ends

    /// <summary>The current date as ASCII bytes, e.g. <c>Sun, 06 Nov 1994 08:49:37 GMT</c>.</summary>
    public static ReadOnlySpan<byte> Current => At(Stopwatch.GetTimestamp());

    /// <summary>
    /// The date at monotonic <paramref name="timestamp"/> (e.g. <see cref="IOLoop.IterationTimestamp"/>): the wall
    /// clock is read only when the cached second has run out, not for every response (Kestrel refreshes its Date
    /// once a second too). A wall clock stepped meanwhile shows within the second.
    /// </summary>
    public static ReadOnlySpan<byte> At(long timestamp)
    {
        var bytes = t_bytes;
        if (bytes is not null && timestamp < t_validUntil) return bytes;
        var now = DateTimeOffset.UtcNow;
        long second = now.ToUnixTimeSeconds();
        long ticksLeft = TimeSpan.TicksPerSecond - (now.UtcTicks % TimeSpan.TicksPerSecond);
        t_validUntil = Stopwatch.GetTimestamp() + ticksLeft * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        return t_bytes = Encoding.ASCII.GetBytes(Format(DateTimeOffset.FromUnixTimeSeconds(second)));
    }

    /// <summary>Formats <paramref name="time"/> as an IMF-fixdate.</summary>
    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
}
