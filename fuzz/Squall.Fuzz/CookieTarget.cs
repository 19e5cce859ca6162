using System.Text;
using Squall.Web;

namespace Squall.Fuzz;

/// <summary>
/// The request <c>Cookie</c> header parser. Invariants: names come out trimmed and non-empty without <c>;</c> or
/// <c>=</c>; values without <c>;</c>; writing the parsed cookies back as one header parses to the same cookies.
/// </summary>
internal static class CookieTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        string header = Encoding.Latin1.GetString(input);
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        CookieHeader.Parse(header, cookies);
        foreach (var (name, value) in cookies)
        {
            InvariantException.Check(name.Length > 0 && name == name.Trim() && name.IndexOfAny([';', '=']) < 0, $"bad cookie name '{name}'");
            InvariantException.Check(value.IndexOf(';') < 0, $"cookie value with ';': '{value}'");
        }

        // Values that begin and end with a quote lose one pair per parse, and surrounding spaces are trimmed: quote
        // every value so the round trip is exact.
        var again = string.Join("; ", cookies.Select(c => c.Key + "=\"" + c.Value + "\""));
        var reparsed = new Dictionary<string, string>(StringComparer.Ordinal);
        CookieHeader.Parse(again, reparsed);
        InvariantException.Check(reparsed.Count == cookies.Count, $"{cookies.Count} cookies, {reparsed.Count} after a round trip");
        foreach (var (name, value) in cookies)
        {
            InvariantException.Check(reparsed.TryGetValue(name, out var other) && other == value, $"cookie '{name}' differs after a round trip");
        }
    }
}
