using System.Text;
using Squall.Generators.Routing;

namespace Squall.Fuzz;

/// <summary>
/// The route template parser shared by the generator and the analyzers. Invariants: it never throws; every error
/// points inside the template; a valid template's segments, written back as a template, parse to the same segments;
/// parameter names are unique identifiers and a catch-all is only last.
/// </summary>
internal static class RouteTemplateTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        string text = Encoding.UTF8.GetString(input);
        var template = RouteTemplateParser.Parse(text);
        foreach (var error in template.Errors)
        {
            InvariantException.Check(error.Message.Length > 0, "an error without a message");
            InvariantException.Check(error.Position >= 0 && error.Position <= text.Length, $"error at {error.Position} outside a template of {text.Length} characters");
        }
        if (!template.IsValid) return;

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < template.Segments.Count; i++)
        {
            var segment = template.Segments[i];
            if (segment.Kind == RouteSegmentKind.CatchAll) InvariantException.Check(i == template.Segments.Count - 1, "a catch-all before the last segment");
            if (segment.IsParameter) InvariantException.Check(names.Add(segment.Text), $"parameter '{segment.Text}' twice in a valid template");
            InvariantException.Check(segment.Position >= 0 && segment.Position <= text.Length, $"segment position {segment.Position} outside the template");
        }

        string rebuilt = template.Segments.Count == 0 ? "/" : "/" + string.Join("/", template.Segments.Select(s => s.ToString()));
        var again = RouteTemplateParser.Parse(rebuilt);
        InvariantException.Check(again.IsValid, $"'{rebuilt}' (rebuilt from '{text}') is invalid");
        InvariantException.Check(template.MatchesSamePathsAs(again), $"'{rebuilt}' matches other paths than '{text}'");
        for (int i = 0; i < template.Segments.Count; i++)
            InvariantException.Check(template.Segments[i].Text == again.Segments[i].Text, $"segment {i} differs after rebuilding");
    }
}
