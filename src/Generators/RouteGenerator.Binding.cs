using Squall.Generators.Model;
using Squall.Generators.Routing;

namespace Squall.Generators
{
    public sealed partial class RouteGenerator
    {
        /// <summary>How a verb parameter gets its value from a route: pure functions of the specs, shared by parser and emitter.</summary>
        internal static class Binding
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

            /// <summary>Every parameter of <paramref name="verb"/> binds from <paramref name="route"/> with a matching type, or has a default.</summary>
            public static bool CanBind(RouteSpec route, VerbSpec verb)
            {
                for (int i = 0; i < verb.Parameters.Count; i++)
                {
                    var p = verb.Parameters[i];
                    int index = ValueIndex(route, p, i);
                    if (index < 0)
                    {
                        if (p.DefaultValue is null) return false;
                        continue;
                    }
                    if (route.IsRegex)
                    {
                        if (p.Type != ParameterType.String) return false;
                        continue;
                    }
                    if (!Compatible(ParameterSegment(route, index)!, p.Type)) return false;
                }
                return true;
            }

            public static bool Compatible(SegmentSpec segment, ParameterType type) => segment.Constraint switch
            {
                RouteConstraint.Int => type == ParameterType.Int32,
                RouteConstraint.Long => type == ParameterType.Int64,
                RouteConstraint.Guid => type == ParameterType.Guid,
                RouteConstraint.Bool => type == ParameterType.Boolean,
                _ => type == ParameterType.String,
            };
        }
    }
}
