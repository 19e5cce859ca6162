using System.Text;
using Squall.Http;

namespace Squall.Fuzz;

/// <summary>
/// <c>application/x-www-form-urlencoded</c> bodies. Invariant: encoding every parsed name and value again and parsing
/// that gives the same arguments in the same order (the decoder loses nothing it reports).
/// </summary>
internal static class FormUrlEncodedTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var arguments = Parse(input);
        var again = new StringBuilder();
        foreach (var (name, values) in arguments)
        {
            foreach (var value in values)
            {
                if (again.Length > 0) again.Append('&');
                again.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            }
        }
        var reparsed = Parse(Encoding.UTF8.GetBytes(again.ToString()));
        Compare.Arguments(arguments, reparsed, "form arguments");
    }

    private static Dictionary<string, List<string>> Parse(ReadOnlySpan<byte> body)
    {
        var arguments = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var files = new Dictionary<string, List<HttpFile>>(StringComparer.Ordinal);
        FormDataParser.ParseBody("application/x-www-form-urlencoded; charset=utf-8", body, arguments, files);
        InvariantException.Check(files.Count == 0, "a urlencoded body produced files");
        return arguments;
    }
}

internal static class Compare
{
    public static void Arguments(Dictionary<string, List<string>> expected, Dictionary<string, List<string>> actual, string what)
    {
        InvariantException.Check(expected.Count == actual.Count, $"{what}: {expected.Count} names, then {actual.Count}");
        foreach (var (name, values) in expected)
        {
            InvariantException.Check(actual.TryGetValue(name, out var other), $"{what}: '{name}' is missing after a round trip");
            InvariantException.Check(values.SequenceEqual(other!), $"{what}: the values of '{name}' differ after a round trip");
        }
    }
}
