using Squall.Generators.Model;
using Squall.Generators.Routing;

namespace Squall.Generators.Handlers
{
    /// <summary>
    /// How an entry-method parameter gets its value from a route: pure functions of the specs, shared by the builder
    /// (which reports what cannot bind) and the emitter (which writes the binding).
    /// </summary>
    internal static class RouteBinding
    {
        /// <summary>
        /// The index of the route value bound to <paramref name="parameter"/> (template: the parameter segment with its
        /// name; regex: its position), or -1 when it takes its default.
        /// </summary>
        public static int ValueIndex(RouteSpec route, ParameterSpec parameter, int position)
        {
            if (route.IsRegex) return position < route.RegexGroupCount ? position : -1;
            int index = 0;
            foreach (var segment in route.Segments)
            {
                if (segment.Kind == RouteSegmentKind.Literal) continue;
                if (segment.Text == parameter.Name) return index;
                index++;
            }
            return -1;
        }

        /// <summary>The segment for a value index of a template route.</summary>
        public static SegmentSpec? ParameterSegment(RouteSpec route, int valueIndex)
        {
            int index = 0;
            foreach (var segment in route.Segments)
            {
                if (segment.Kind == RouteSegmentKind.Literal) continue;
                if (index == valueIndex) return segment;
                index++;
            }
            return null;
        }

        /// <summary>
        /// A value of <paramref name="segment"/> fits a parameter of <paramref name="type"/>: every value binds to a
        /// string; a typed segment also to its own type (or its nullable).
        /// </summary>
        public static bool Compatible(SegmentSpec segment, ParameterType type) =>
            type == ParameterType.String || (segment.Kind == RouteSegmentKind.TypedParameter && segment.Constraint switch
            {
                RouteConstraint.Int => type == ParameterType.Int32,
                RouteConstraint.Long => type == ParameterType.Int64,
                RouteConstraint.Guid => type == ParameterType.Guid,
                RouteConstraint.Bool => type == ParameterType.Boolean,
                _ => false,
            });
    }
}
