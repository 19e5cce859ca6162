using System.Collections.Generic;
using System.Linq;
using Squall.Generators.Handlers;
using Squall.Generators.Helpers;
using Squall.Generators.Model;
using Squall.Generators.Routing;

namespace Squall.Generators
{
    public sealed partial class RouteGenerator
    {
        internal static partial class Emitter
        {
            /// <summary>
            /// <c>Squall.Generated.Urls</c>: one method per template route, named by <c>Name =</c> or after the handler
            /// (without a <c>Handler</c> suffix), taking the route's parameters with their types and escaping the values.
            /// A second route with the same name and parameter types, or a name no method can have, gets no builder (SQ2017
            /// reports both, from the same <see cref="UrlBuilderNames"/>).
            /// </summary>
            internal static string EmitUrls(RoutesSpec spec)
            {
                var w = new CodeWriter();
                w.Line(Header);
                // A handler named MainHandler gives Urls.Main(): not an entry point, and the compiler need not say so.
                w.Line("#pragma warning disable CS0028");
                w.Open("namespace Squall.Generated");
                w.Line("/// <summary>Typed URL builders for this assembly's routes (reverse routing checked by the compiler).</summary>");
                w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"Squall.Generators\", \"1.0\")]");
                w.Open("internal static class Urls");
                var seen = new HashSet<string>();
                foreach (var r in Flatten(spec).Where(r => !r.Route.IsRegex))
                {
                    string name = UrlBuilderNames.NameOf(r.Route, r.Handler.Name);
                    var parameters = r.Route.Segments.Where(s => s.Kind != RouteSegmentKind.Literal).ToList();
                    if (!UrlBuilderNames.IsUsable(name) || !seen.Add(UrlBuilderNames.Signature(r.Route, r.Handler.Name))) continue;
                    w.Line($"/// <summary>The URL of <c>{System.Security.SecurityElement.Escape(r.Route.Template)}</c> ({System.Security.SecurityElement.Escape(r.Handler.Name)}).</summary>");
                    string args = string.Join(", ", parameters.Select(p => $"{UrlBuilderNames.ClrType(p)} {Escape(p.Text)}"));
                    w.Line($"public static string {name}({args}) => {UrlExpression(r.Route)};");
                    w.Line();
                }
                w.Close();
                w.Close();
                return w.ToString();
            }

            private static string UrlExpression(RouteSpec route)
            {
                if (route.Segments.Count == 0) return "\"/\"";
                var parts = new List<string>();
                var literal = new System.Text.StringBuilder();
                foreach (var s in route.Segments)
                {
                    literal.Append('/');
                    if (s.Kind == RouteSegmentKind.Literal)
                    {
                        literal.Append(s.Text);
                        continue;
                    }
                    parts.Add(Literal(literal.ToString()));
                    literal.Clear();
                    string name = Escape(s.Text);
                    parts.Add(s.Kind switch
                    {
                        RouteSegmentKind.CatchAll => $"{Web}.RoutePath.EscapePath({name})",
                        RouteSegmentKind.Parameter => $"{Web}.RoutePath.EscapeSegment({name})",
                        _ => $"{Web}.RoutePath.Format({name})",
                    });
                }
                if (literal.Length > 0) parts.Add(Literal(literal.ToString()));
                return string.Join(" + ", parts);
            }
        }
    }
}
