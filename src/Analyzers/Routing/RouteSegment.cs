namespace Squall.Analyzers.Routing;

/// <summary>The kinds of route template segment, in match precedence order (literal first).</summary>
internal enum RouteSegmentKind
{
    Literal = 0,
    Typed = 1,
    String = 2,
    CatchAll = 3,
}

/// <summary>One '/'-separated segment of a route template: a literal, <c>{name}</c>, <c>{name:int}</c> or <c>{*rest}</c>.</summary>
internal sealed class RouteSegment
{
    public RouteSegment(RouteSegmentKind kind, string text, string? constraint = null)
    {
        Kind = kind;
        Text = text;
        Constraint = constraint;
    }

    public RouteSegmentKind Kind { get; }
    /// <summary>The literal text, or the parameter name.</summary>
    public string Text { get; }
    /// <summary>int, long, guid or bool for a typed parameter; null otherwise.</summary>
    public string? Constraint { get; }
    public bool IsParameter => Kind != RouteSegmentKind.Literal;

    /// <summary>The segment with its name erased: two templates with equal shapes match the same paths.</summary>
    public string Shape => Kind switch
    {
        RouteSegmentKind.Literal => Text,
        RouteSegmentKind.Typed => "{:" + Constraint + "}",
        RouteSegmentKind.String => "{}",
        _ => "{*}",
    };

    /// <summary>True when this segment matches every value <paramref name="other"/> matches.</summary>
    public bool Covers(RouteSegment other)
    {
        switch (Kind)
        {
            case RouteSegmentKind.CatchAll:
                return true;
            case RouteSegmentKind.String:
                return other.Kind != RouteSegmentKind.CatchAll;
            case RouteSegmentKind.Typed:
                if (other.Kind != RouteSegmentKind.Typed) return false;
                // Every int literal is a valid long: {x:long} covers {x:int}.
                return other.Constraint == Constraint || (Constraint == "long" && other.Constraint == "int");
            default:
                return other.Kind == RouteSegmentKind.Literal && other.Text == Text;
        }
    }
}
