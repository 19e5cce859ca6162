using System.Collections.Generic;
using System.Linq;

namespace Squall.Analyzers.Routing;

/// <summary>A parsed route template (API.md grammar): literal segments, <c>{name}</c>, <c>{name:int|long|guid|bool}</c>, <c>{*rest}</c> last.</summary>
internal sealed class RouteTemplate
{
    public RouteTemplate(string text, IReadOnlyList<RouteSegment> segments)
    {
        Text = text;
        Segments = segments;
    }

    public string Text { get; }
    public IReadOnlyList<RouteSegment> Segments { get; }

    public IEnumerable<RouteSegment> Parameters => Segments.Where(s => s.IsParameter);

    /// <summary>The template with parameter names erased, e.g. <c>/users/{:int}</c>.</summary>
    public string Shape => "/" + string.Join("/", Segments.Select(s => s.Shape));

    /// <summary>
    /// True when this template, tried before <paramref name="later"/>, matches every path <paramref name="later"/>
    /// matches — so <paramref name="later"/> can never be chosen. Precedence is compared segment by segment
    /// (literal &gt; typed &gt; string &gt; catch-all); only at equal precedence does declaration order decide.
    /// </summary>
    public bool Shadows(RouteTemplate later)
    {
        if (Segments.Count != later.Segments.Count) return false;
        for (int i = 0; i < Segments.Count; i++)
        {
            var mine = Segments[i];
            var theirs = later.Segments[i];
            if (mine.Kind != theirs.Kind) return false; // different precedence: the more specific one is tried first
            if (!mine.Covers(theirs)) return false;
        }
        return true;
    }
}
