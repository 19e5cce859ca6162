using System.Linq;
using Squall.Generators.Routing;

namespace Squall.Analyzers.Routes;

/// <summary>
/// Route comparisons the analyzers need on top of the shared parser: a shape key (parameter names erased) and
/// shadowing by an earlier route of equal precedence.
/// </summary>
internal static class RouteShapes
{
    /// <summary>The template with parameter names erased, e.g. <c>/users/{:int}</c>: equal keys match the same paths.</summary>
    public static string Key(RouteTemplate template) => "/" + string.Join("/", template.Segments.Select(Key));

    /// <summary>The precedence kinds, segment by segment: only routes with equal signatures can shadow each other.</summary>
    public static string PrecedenceSignature(RouteTemplate template) => string.Join(",", template.Segments.Select(s => (int)s.Kind));

    /// <summary>
    /// True when <paramref name="earlier"/>, tried before <paramref name="later"/>, matches every path
    /// <paramref name="later"/> matches. Precedence is compared segment by segment (literal &gt; typed &gt; string &gt;
    /// catch-all); only at equal precedence does declaration order decide.
    /// </summary>
    public static bool Shadows(RouteTemplate earlier, RouteTemplate later)
    {
        if (earlier.Segments.Count != later.Segments.Count) return false;
        for (int i = 0; i < earlier.Segments.Count; i++)
        {
            var mine = earlier.Segments[i];
            var theirs = later.Segments[i];
            if (mine.Kind != theirs.Kind) return false; // different precedence: the more specific one is tried first
            if (!Covers(mine, theirs)) return false;
        }
        return true;
    }

    /// <summary>True when <paramref name="segment"/> matches every value <paramref name="other"/> (of the same kind) matches.</summary>
    private static bool Covers(RouteSegment segment, RouteSegment other) => segment.Kind switch
    {
        RouteSegmentKind.Literal => segment.Text == other.Text,
        // Every int literal is a valid long: {x:long} covers {x:int}.
        RouteSegmentKind.TypedParameter => segment.Constraint == other.Constraint
            || (segment.Constraint == RouteConstraint.Long && other.Constraint == RouteConstraint.Int),
        _ => true,
    };

    private static string Key(RouteSegment segment) => segment.Kind switch
    {
        RouteSegmentKind.Literal => segment.Text,
        RouteSegmentKind.TypedParameter => "{:" + RouteTemplateParser.ConstraintName(segment.Constraint) + "}",
        RouteSegmentKind.Parameter => "{}",
        _ => "{*}",
    };
}
