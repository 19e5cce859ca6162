using System.Collections.Generic;

namespace Squall.Analyzers.Routing;

/// <summary>Outcome of parsing a template: the template, or the reason it is malformed.</summary>
internal readonly struct RouteTemplateParseResult
{
    private RouteTemplateParseResult(RouteTemplate? template, string? error)
    {
        Template = template;
        Error = error;
    }

    public RouteTemplate? Template { get; }
    public string? Error { get; }

    public static RouteTemplateParseResult Success(RouteTemplate template) => new(template, null);
    public static RouteTemplateParseResult Failure(string error) => new(null, error);
}

/// <summary>
/// Parses route templates. Plain C# with no Roslyn dependency so the source generator can share it.
/// Errors name the problem in words a user can act on (they become SQ2001 messages).
/// </summary>
internal static class RouteTemplateParser
{
    public static readonly string[] Constraints = { "int", "long", "guid", "bool" };

    public static RouteTemplateParseResult Parse(string text)
    {
        if (text.Length == 0 || text[0] != '/') return RouteTemplateParseResult.Failure("it must start with '/'");
        var segments = new List<RouteSegment>();
        var names = new HashSet<string>();
        var parts = text.Substring(1).Split('/');
        for (int i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            // "/" is the root; a trailing "/" is a literal empty segment ("/users/" differs from "/users", as in Tornado).
            if (part.Length == 0)
            {
                if (i == parts.Length - 1) { if (parts.Length > 1) segments.Add(new RouteSegment(RouteSegmentKind.Literal, "")); continue; }
                return RouteTemplateParseResult.Failure("it has an empty segment '//'");
            }
            if (part.IndexOf('{') < 0 && part.IndexOf('}') < 0)
            {
                segments.Add(new RouteSegment(RouteSegmentKind.Literal, part));
                continue;
            }
            if (part[0] != '{' || part[part.Length - 1] != '}' || part.IndexOf('{', 1) >= 0 || part.IndexOf('}') != part.Length - 1)
            {
                return RouteTemplateParseResult.Failure($"segment '{part}' has unbalanced braces or mixes text and a parameter");
            }
            var inner = part.Substring(1, part.Length - 2);
            var segment = ParseParameter(inner, out var error);
            if (segment is null) return RouteTemplateParseResult.Failure(error!);
            if (!names.Add(segment.Text)) return RouteTemplateParseResult.Failure($"parameter '{segment.Text}' appears twice");
            if (segment.Kind == RouteSegmentKind.CatchAll && i != parts.Length - 1)
            {
                return RouteTemplateParseResult.Failure($"catch-all '{{*{segment.Text}}}' must be the last segment");
            }
            segments.Add(segment);
        }
        return RouteTemplateParseResult.Success(new RouteTemplate(text, segments));
    }

    private static RouteSegment? ParseParameter(string inner, out string? error)
    {
        error = null;
        bool catchAll = inner.StartsWith("*");
        if (catchAll) inner = inner.Substring(1);
        string name = inner;
        string? constraint = null;
        int colon = inner.IndexOf(':');
        if (colon >= 0)
        {
            name = inner.Substring(0, colon);
            constraint = inner.Substring(colon + 1);
        }
        if (name.Length == 0) { error = "a parameter has an empty name"; return null; }
        if (!IsIdentifier(name)) { error = $"parameter name '{name}' is not a C# identifier"; return null; }
        if (catchAll)
        {
            if (constraint is not null) { error = $"catch-all '{{*{name}}}' cannot have a constraint"; return null; }
            return new RouteSegment(RouteSegmentKind.CatchAll, name);
        }
        if (constraint is null) return new RouteSegment(RouteSegmentKind.String, name);
        if (System.Array.IndexOf(Constraints, constraint) < 0)
        {
            error = $"constraint '{constraint}' of '{name}' is unknown (use int, long, guid or bool)";
            return null;
        }
        return new RouteSegment(RouteSegmentKind.Typed, name, constraint);
    }

    private static bool IsIdentifier(string name)
    {
        if (!(char.IsLetter(name[0]) || name[0] == '_')) return false;
        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_')) return false;
        }
        return true;
    }
}
