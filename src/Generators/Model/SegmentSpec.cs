using Squall.Generators.Routing;

namespace Squall.Generators.Model
{
    /// <summary>A route template segment, copied out of <see cref="RouteSegment"/> into the pipeline's model.</summary>
    internal sealed record SegmentSpec(RouteSegmentKind Kind, string Text, RouteConstraint Constraint);
}
