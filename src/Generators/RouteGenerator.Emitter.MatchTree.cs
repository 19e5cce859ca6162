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
            /// The template routes of one segment-count bucket as a decision tree, so the cost of a match does not grow
            /// with the number of routes. At each segment position the candidates (in precedence order, all sharing the
            /// segment kinds before this position) split into: routes that end here, then literals (one <c>switch</c>
            /// on the segment text), then typed parameters, then string parameters, then catch-alls — the order the
            /// precedence comparer gives, so a depth-first walk returns exactly the route the linear scan returned.
            /// Every branch that fans out into more than one route gets its own small method: the JIT optimises each
            /// fully instead of compiling one huge matcher with minimal optimisation.
            /// </summary>
            private sealed class MatchTree
            {
                private readonly CodeWriter _w;
                private readonly string _prefix;
                private readonly bool _countKnown;
                private readonly Queue<(string Name, System.Func<bool> Body)> _pending = new();
                private int _methods;

                /// <summary>Most texts one literal <c>switch</c> takes before it is split (keeps every method small).</summary>
                private const int MaxCases = 32;

                private MatchTree(CodeWriter w, string prefix, bool countKnown)
                {
                    _w = w;
                    _prefix = prefix;
                    _countKnown = countKnown;
                }

                /// <summary>A route in the tree with the typed checks it still owes (positions whose constraint differed among siblings).</summary>
                private sealed class TreeRoute
                {
                    public TreeRoute(FlatRoute flat, IReadOnlyList<int> pending)
                    {
                        Flat = flat;
                        Pending = pending;
                    }

                    public FlatRoute Flat { get; }

                    public IReadOnlyList<int> Pending { get; }

                    public IReadOnlyList<SegmentSpec> Segments => Flat.Route.Segments;

                    public TreeRoute Owing(int position) => new(Flat, Pending.Concat(new[] { position }).ToList());
                }

                /// <summary>
                /// Emits the bucket's root method <paramref name="name"/> and every method under it; the caller calls it with
                /// <c>(p, s, l, n, ref values)</c>. <paramref name="countKnown"/> is false for the bucket of segment counts no
                /// exact route has, where catch-alls still test the count.
                /// </summary>
                public static void EmitBucket(CodeWriter w, string name, IEnumerable<FlatRoute> routesInPrecedenceOrder, bool countKnown)
                {
                    var tree = new MatchTree(w, name, countKnown);
                    var routes = routesInPrecedenceOrder.Select(r => new TreeRoute(r, new int[0])).ToList();
                    tree._pending.Enqueue((name, () => tree.EmitNode(routes, 0)));
                    while (tree._pending.Count > 0)
                    {
                        var (method, body) = tree._pending.Dequeue();
                        tree.EmitMethod(method, body);
                    }
                }

                private void EmitMethod(string name, System.Func<bool> body)
                {
                    _w.Open($"private static int {name}(global::System.ReadOnlySpan<char> p, global::System.ReadOnlySpan<int> s, global::System.ReadOnlySpan<int> l, int n, ref {Web}.RouteValues values)");
                    if (!body()) _w.Line("return -1;");
                    _w.Close();
                    _w.Line();
                }

                private string Enqueue(System.Func<bool> body)
                {
                    string name = $"{_prefix}_{++_methods}";
                    _pending.Enqueue((name, body));
                    return name;
                }

                /// <summary>
                /// One <c>switch</c> on the segment text, or — past <see cref="MaxCases"/> texts — a switch on the length (or on
                /// the character that tells the most texts apart) whose branches are methods of their own, so no method
                /// grows with the number of routes.
                /// </summary>
                private void EmitLiteralSwitch(List<(string Text, List<TreeRoute> Routes)> groups, int position, int branches)
                {
                    if (groups.Count <= MaxCases)
                    {
                        _w.Open($"switch (p.Slice(s[{position}], l[{position}]))");
                        foreach (var (text, routes) in groups)
                        {
                            _w.Line($"case {Literal(text)}:");
                            _w.Open("");
                            if (!EmitChild(routes, position + 1, branches)) _w.Line("break;");
                            _w.Close();
                        }
                        _w.Close();
                        return;
                    }
                    var lengths = groups.GroupBy(g => g.Text.Length).OrderBy(g => g.Key).ToList();
                    if (lengths.Count > 1)
                    {
                        _w.Open($"switch (l[{position}])");
                        foreach (var part in lengths)
                        {
                            var sub = part.ToList();
                            string name = Enqueue(() => { EmitLiteralSwitch(sub, position, 2); return false; });
                            _w.Line($"case {part.Key}: {{ int r = {name}(p, s, l, n, ref values); if (r >= 0) return r; break; }}");
                        }
                        _w.Close();
                        return;
                    }
                    // One length: split on the character position with the most distinct values (one exists, the texts differ).
                    int length = lengths[0].Key;
                    int best = Enumerable.Range(0, length).OrderByDescending(i => groups.Select(g => g.Text[i]).Distinct().Count()).First();
                    _w.Open($"if (l[{position}] == {length})");
                    _w.Open($"switch (p[s[{position}] + {best}])");
                    foreach (var part in groups.GroupBy(g => g.Text[best]).OrderBy(g => g.Key))
                    {
                        var sub = part.ToList();
                        string name = Enqueue(() => { EmitLiteralSwitch(sub, position, 2); return false; });
                        _w.Line($"case {Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(part.Key, quote: true)}: {{ int r = {name}(p, s, l, n, ref values); if (r >= 0) return r; break; }}");
                    }
                    _w.Close();
                    _w.Close();
                }

                /// <summary>Writes the tests for <paramref name="routes"/> from <paramref name="position"/> on; true when it always returns.</summary>
                private bool EmitNode(List<TreeRoute> routes, int position)
                {
                    string span = $"p.Slice(s[{position}], l[{position}])";
                    // Routes that end here come first (a shorter template precedes a longer one with the same kinds).
                    foreach (var r in routes.Where(r => r.Segments.Count == position))
                        if (EmitLeaf(r)) return true;
                    var rest = routes.Where(r => r.Segments.Count > position).ToList();
                    // In the bucket of unknown counts, a segment exists only when the path has that many.
                    bool guard = !_countKnown && rest.Any(r => r.Segments[position].Kind != RouteSegmentKind.CatchAll);
                    if (guard) _w.Open($"if (n > {position})");

                    var literals = rest.Where(r => r.Segments[position].Kind == RouteSegmentKind.Literal).ToList();
                    var byText = literals.GroupBy(r => r.Segments[position].Text).ToList();
                    var typed = rest.Where(r => r.Segments[position].Kind == RouteSegmentKind.TypedParameter).ToList();
                    var strings = rest.Where(r => r.Segments[position].Kind == RouteSegmentKind.Parameter).ToList();
                    int branches = byText.Count + (typed.Count > 0 ? 1 : 0) + (strings.Count > 0 ? 1 : 0)
                        + (rest.Any(r => r.Segments[position].Kind == RouteSegmentKind.CatchAll) ? 1 : 0);

                    if (byText.Count == 1)
                    {
                        _w.Open($"if ({Web}.RoutePath.SegmentEquals({span}, {Literal(byText[0].Key)}))");
                        EmitChild(byText[0].ToList(), position + 1, branches);
                        _w.Close();
                    }
                    else if (byText.Count > 1)
                    {
                        EmitLiteralSwitch(byText.Select(g => (g.Key, g.ToList())).ToList(), position, branches);
                    }

                    if (typed.Count > 0)
                    {
                        var constraints = typed.Select(r => r.Segments[position].Constraint).Distinct().ToList();
                        if (constraints.Count == 1)
                        {
                            _w.Open($"if ({Web}.RoutePath.{TypeCheck(constraints[0])}({span}))");
                            EmitChild(typed, position + 1, branches);
                            _w.Close();
                        }
                        else
                        {
                            // Mixed constraints keep their precedence order among themselves: each route checks its own
                            // at its leaf (so no leaf below is unconditional and the code after stays reachable).
                            EmitChild(typed.Select(r => r.Owing(position)).ToList(), position + 1, branches);
                        }
                    }

                    if (strings.Count > 0)
                    {
                        _w.Open($"if (l[{position}] > 0)");
                        EmitChild(strings, position + 1, branches);
                        _w.Close();
                    }

                    if (guard) _w.Close();
                    foreach (var r in rest.Where(r => r.Segments[position].Kind == RouteSegmentKind.CatchAll))
                        if (EmitLeaf(r)) return true;
                    return false;
                }

                /// <summary>Inline when the subtree is one route or the only branch here; otherwise a method of its own.</summary>
                private bool EmitChild(List<TreeRoute> routes, int position, int branches)
                {
                    if (routes.Count == 1 || branches == 1) return EmitNode(routes, position);
                    string name = Enqueue(() => EmitNode(routes, position));
                    _w.Line($"// {string.Join(", ", routes.Take(3).Select(r => $"[{r.Flat.Index}] {r.Flat.Route.Template}"))}{(routes.Count > 3 ? $" and {routes.Count - 3} more" : "")}");
                    _w.Line($"{{ int r = {name}(p, s, l, n, ref values); if (r >= 0) return r; }}");
                    return false;
                }

                /// <summary>A route whose segments all matched on the way here: its owed checks, then its values.</summary>
                private bool EmitLeaf(TreeRoute r)
                {
                    var segments = r.Segments;
                    var conditions = new List<string>();
                    bool catchAll = segments.Count > 0 && segments[segments.Count - 1].Kind == RouteSegmentKind.CatchAll;
                    if (catchAll && !_countKnown)
                    {
                        int k = segments.Count - 1;
                        conditions.Add(k == 0 ? "n >= 0" : $"n > {k}");
                    }
                    foreach (int i in r.Pending)
                        conditions.Add($"{Web}.RoutePath.{TypeCheck(segments[i].Constraint)}(p.Slice(s[{i}], l[{i}]))");
                    _w.Line($"// [{r.Flat.Index}] {r.Flat.Route.Template} → {r.Flat.Handler.Name}");
                    _w.Open(conditions.Count == 0 ? "" : $"if ({string.Join(" && ", conditions)})");
                    for (int i = 0; i < segments.Count; i++)
                    {
                        var seg = segments[i];
                        if (seg.Kind == RouteSegmentKind.Literal) continue;
                        if (seg.Kind == RouteSegmentKind.CatchAll)
                            _w.Line(i == 0 ? "if (n == 0) values.Add(1, 0); else values.Add(s[0], p.Length - s[0]);" : $"values.Add(s[{i}], p.Length - s[{i}]);");
                        else
                            _w.Line($"values.Add(s[{i}], l[{i}]);");
                    }
                    _w.Line($"return {r.Flat.Index};");
                    _w.Close();
                    return conditions.Count == 0;
                }
            }
        }
    }
}
