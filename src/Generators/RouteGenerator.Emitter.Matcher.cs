using System.Collections.Generic;
using System.Linq;
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
            /// The matcher: split the path into segment ranges once, switch on the segment count, and try the routes that
            /// can have that many segments in precedence order — literal beats typed beats string beats catch-all, segment
            /// by segment from the left, then declaration order. Regex routes come last. Nothing is allocated for templates.
            /// </summary>
            private static void EmitMatcher(CodeWriter w, List<FlatRoute> routes)
            {
                var templates = routes.Where(r => !r.Route.IsRegex).ToList();
                var exact = templates.Where(r => !HasCatchAll(r.Route)).ToList();
                var catchAlls = templates.Where(r => HasCatchAll(r.Route)).OrderBy(r => r, PrecedenceComparer.Instance).ToList();
                int maxExact = exact.Count == 0 ? 0 : exact.Max(r => r.Route.Segments.Count);
                int maxPrefix = catchAlls.Count == 0 ? 0 : catchAlls.Max(r => r.Route.Segments.Count);
                int buffer = System.Math.Max(1, System.Math.Max(maxExact, maxPrefix));

                w.Open($"private static int Match(string path, ref {Web}.RouteValues values)");
                if (templates.Count > 0)
                {
                    w.Line("global::System.ReadOnlySpan<char> p = path;");
                    w.Line($"global::System.Span<int> s = stackalloc int[{buffer}];");
                    w.Line($"global::System.Span<int> l = stackalloc int[{buffer}];");
                    w.Line($"int n = {Web}.RoutePath.Split(p, s, l);");
                    w.Open("switch (n)");
                    foreach (var count in exact.Select(r => r.Route.Segments.Count).Distinct().OrderBy(c => c))
                    {
                        w.Line($"case {count}:");
                        w.Line("{");
                        var candidates = exact.Where(r => r.Route.Segments.Count == count)
                            .Concat(catchAlls.Where(r => CatchAllApplies(r.Route, count)))
                            .OrderBy(r => r, PrecedenceComparer.Instance);
                        bool ended = false;
                        foreach (var r in candidates)
                            if (EmitTemplateCandidate(w, r, count.ToString())) { ended = true; break; }
                        if (!ended) w.Line("    break;");
                        w.Line("}");
                    }
                    w.Line("default:");
                    w.Line("{");
                    bool endedDefault = false;
                    foreach (var r in catchAlls)
                        if (EmitTemplateCandidate(w, r, null)) { endedDefault = true; break; }
                    if (!endedDefault) w.Line("    break;");
                    w.Line("}");
                    w.Close();
                }
                foreach (var r in routes.Where(r => r.Route.IsRegex)) EmitRegexCandidate(w, r);
                w.Line("return -1;");
                w.Close();
                w.Line();
            }

            private static bool HasCatchAll(RouteSpec route) =>
                route.Segments.Count > 0 && route.Segments[route.Segments.Count - 1].Kind == RouteSegmentKind.CatchAll;

            // A catch-all after k segments takes paths with more than k segments (its rest may be empty: "/static/"),
            // and "/{*rest}" also takes "/" itself, as Tornado's "/(.*)" does.
            private static bool CatchAllApplies(RouteSpec route, int count)
            {
                int k = route.Segments.Count - 1;
                return count > k || (count == 0 && k == 0);
            }

            /// <summary>Writes one route's test; true when it always matches (later candidates are unreachable).</summary>
            private static bool EmitTemplateCandidate(CodeWriter w, FlatRoute r, string? knownCount)
            {
                var segments = r.Route.Segments;
                var conditions = new List<string>();
                if (knownCount is null && HasCatchAll(r.Route))
                {
                    int k = segments.Count - 1;
                    conditions.Add(k == 0 ? "n >= 0" : $"n > {k}");
                }
                for (int i = 0; i < segments.Count; i++)
                {
                    var seg = segments[i];
                    string span = $"p.Slice(s[{i}], l[{i}])";
                    switch (seg.Kind)
                    {
                        case RouteSegmentKind.Literal:
                            conditions.Add($"{Web}.RoutePath.SegmentEquals({span}, {Literal(seg.Text)})");
                            break;
                        case RouteSegmentKind.TypedParameter:
                            conditions.Add($"{Web}.RoutePath.{TypeCheck(seg.Constraint)}({span})");
                            break;
                        case RouteSegmentKind.Parameter:
                            conditions.Add($"l[{i}] > 0");
                            break;
                    }
                }
                w.Line($"    // [{r.Index}] {r.Route.Template} → {r.Handler.Name}");
                w.Line(conditions.Count == 0 ? "    {" : $"    if ({string.Join(" && ", conditions)})");
                if (conditions.Count > 0) w.Line("    {");
                for (int i = 0; i < segments.Count; i++)
                {
                    var seg = segments[i];
                    if (seg.Kind == RouteSegmentKind.Literal) continue;
                    if (seg.Kind == RouteSegmentKind.CatchAll)
                        w.Line(i == 0 ? "        if (n == 0) values.Add(1, 0); else values.Add(s[0], p.Length - s[0]);" : $"        values.Add(s[{i}], p.Length - s[{i}]);");
                    else
                        w.Line($"        values.Add(s[{i}], l[{i}]);");
                }
                w.Line($"        return {r.Index};");
                w.Line("    }");
                return conditions.Count == 0;
            }

            private static void EmitRegexFields(CodeWriter w, List<FlatRoute> routes)
            {
                foreach (var r in routes.Where(r => r.Route.IsRegex))
                {
                    // Anchored at both ends: Tornado matches from the start and appends "$". Built once, interpreted
                    // (trimming- and AOT-safe). [GeneratedRegex] cannot be used here: one generator's output is never
                    // seen by another (the SDK's regex generator), so its partial method would have no body.
                    w.Line($"private static readonly global::System.Text.RegularExpressions.Regex s_regex{r.Index} = new global::System.Text.RegularExpressions.Regex({Literal(@"\A(?:" + r.Route.Regex + @")\z")}, global::System.Text.RegularExpressions.RegexOptions.CultureInvariant, global::System.TimeSpan.FromMilliseconds({RegexMatchTimeoutMilliseconds}));");
                    w.Line();
                }
            }

            private static void EmitRegexCandidate(CodeWriter w, FlatRoute r)
            {
                w.Line($"// [{r.Index}] regex {r.Route.Regex} → {r.Handler.Name}");
                w.Open("");
                w.Line($"var m = s_regex{r.Index}.Match(path);");
                w.Open("if (m.Success)");
                var groups = Enumerable.Range(1, r.Route.RegexGroupCount).Select(g => $"m.Groups[{g}].Success ? m.Groups[{g}].Value : null");
                w.Line($"values.SetGroups(new string?[] {{ {string.Join(", ", groups)} }});");
                w.Line($"return {r.Index};");
                w.Close();
                w.Close();
            }

            /// <summary>
            /// How long one regex route may try one path. A pattern with nested quantifiers can backtrack exponentially on
            /// a hostile path and would stall the loop for every connection; past this the match throws
            /// <c>RegexMatchTimeoutException</c>, which <c>Application</c> answers with 404 and a log line. Generous
            /// next to a sane pattern's microseconds, so a busy machine does not turn a real match into a timeout.
            /// </summary>
            internal const int RegexMatchTimeoutMilliseconds = 200;

            private static string TypeCheck(RouteConstraint constraint) => constraint switch
            {
                RouteConstraint.Int => "IsInt32",
                RouteConstraint.Long => "IsInt64",
                RouteConstraint.Guid => "IsGuid",
                _ => "IsBool",
            };

            /// <summary>Orders template routes by segment kinds from the left (a shorter prefix first), then declaration.</summary>
            private sealed class PrecedenceComparer : IComparer<FlatRoute>
            {
                public static readonly PrecedenceComparer Instance = new();

                public int Compare(FlatRoute? x, FlatRoute? y)
                {
                    var a = x!.Route.Segments;
                    var b = y!.Route.Segments;
                    for (int i = 0; i < a.Count && i < b.Count; i++)
                    {
                        int c = ((int)a[i].Kind).CompareTo((int)b[i].Kind);
                        if (c != 0) return c;
                    }
                    int byLength = a.Count.CompareTo(b.Count);
                    return byLength != 0 ? byLength : x.Index.CompareTo(y.Index);
                }
            }
        }
    }
}
