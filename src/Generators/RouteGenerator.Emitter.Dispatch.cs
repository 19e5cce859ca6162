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
            /// Per handler: <c>Create</c> (<c>new H()</c>), one <c>Execute</c> per route (binds that route's values and
            /// picks the verb by method; 405 with <c>Allow</c> otherwise) and one <c>Run</c> per verb: the life cycle
            /// Prepare → verb → finish → OnFinish, synchronous while every step is, a coroutine from the first pending one.
            /// </summary>
            private static void EmitHandler(CodeWriter w, HandlerSpec handler, int h, IEnumerable<FlatRoute> routes)
            {
                w.Line(handler.Poolable
                    ? $"private static {Web}.RequestHandler Create_{h}() => {Web}.HandlerPool<{handler.TypeName}>.Rent();"
                    : $"private static {Web}.RequestHandler Create_{h}() => new {handler.TypeName}();");
                w.Line();
                string allow = string.Join(", ", handler.Verbs.Select(v => v.HttpMethod));
                foreach (var r in routes) EmitExecute(w, handler, h, r, allow);
                foreach (var verb in handler.Verbs)
                {
                    if (handler.Kind == HandlerKind.WebSocketHandler) EmitUpgrade(w, handler, h, verb);
                    else EmitRun(w, handler, h, verb);
                }
            }

            private static string RunName(HandlerSpec handler, VerbSpec verb) =>
                handler.Kind == HandlerKind.WebSocketHandler ? "Upgrade" : verb.MethodName;

            /// <summary>
            /// A WebSocket handler's <c>GET</c>: Prepare, then <c>AcceptWebSocket</c> with a callback that calls
            /// <c>Open</c> with the bound route values once the 101 is sent (Tornado's <c>get</c> → <c>open(*args)</c>).
            /// </summary>
            private static void EmitUpgrade(CodeWriter w, HandlerSpec handler, int h, VerbSpec verb)
            {
                string parameters = string.Concat(verb.Parameters.Select(p => $", {p.TypeName} {Escape(p.Name)}"));
                string args = string.Join(", ", verb.Parameters.Select(p => Escape(p.Name)));
                string passArgs = string.Concat(verb.Parameters.Select(p => ", " + Escape(p.Name)));
                string open = verb.MethodName.Length == 0
                    ? $"static () => {FutureType}.Completed"
                    : verb.ReturnsFuture
                        ? $"() => handler.{verb.MethodName}({args})"
                        : $"() => {{ handler.{verb.MethodName}({args}); return {FutureType}.Completed; }}";

                w.Open($"private static {FutureType} Run_{h}_Upgrade({handler.TypeName} handler{parameters})");
                w.Open("try");
                w.Line("var prepare = handler.RunPrepare();");
                w.Line($"if (!prepare.IsDone) return RunAfterPrepare_{h}_Upgrade(handler, prepare{passArgs});");
                w.Line("prepare.ThrowIfFailed();");
                w.Line($"if (!handler.Finished) return handler.AcceptWebSocket({open});");
                w.Close();
                w.Open("catch (global::System.Exception exception)");
                w.Line("handler.HandleRequestException(exception);");
                w.Close();
                w.Line("handler.CompleteRequest();");
                w.Line($"return {FutureType}.Completed;");
                w.Close();
                w.Line();

                w.Open($"private static async {FutureType} RunAfterPrepare_{h}_Upgrade({handler.TypeName} handler, {FutureType} prepare{parameters})");
                w.Open("try");
                w.Line("await prepare;");
                w.Open("if (!handler.Finished)");
                w.Line($"await handler.AcceptWebSocket({open}); // done at once: the connection runs on its own");
                w.Line("return;");
                w.Close();
                w.Close();
                w.Open("catch (global::System.Exception exception)");
                w.Line("handler.HandleRequestException(exception);");
                w.Close();
                w.Line("handler.CompleteRequest();");
                w.Close();
                w.Line();
            }

            private static void EmitExecute(CodeWriter w, HandlerSpec handler, int h, FlatRoute r, string allow)
            {
                w.Open($"private static {FutureType} Execute_{r.Index}({Web}.RequestHandler instance, ref {Web}.RouteValues values)");
                w.Line($"var handler = ({handler.TypeName})instance;");
                w.Open("switch (handler.Request.Method)");
                foreach (var verb in handler.Verbs)
                {
                    w.Line($"case {Literal(verb.HttpMethod)}:");
                    var args = new List<string>();
                    for (int i = 0; i < verb.Parameters.Count; i++)
                        args.Add(BindExpression(r.Route, verb.Parameters[i], i));
                    w.Line($"    return Run_{h}_{RunName(handler, verb)}(handler{string.Concat(args.Select(a => ", " + a))});");
                }
                w.Line("default:");
                w.Line($"    return handler.RejectMethod({Literal(allow)});");
                w.Close();
                w.Close();
                w.Line();
            }

            private static string BindExpression(RouteSpec route, ParameterSpec p, int position)
            {
                int index = RouteBinding.ValueIndex(route, p, position);
                if (index < 0) return p.DefaultValue!;
                if (route.IsRegex) return p.IsNullable ? $"values.GetString({index})" : $"values.GetString({index}) ?? \"\"";
                if (p.Type == ParameterType.String) return $"values.GetString({index})!"; // any segment binds as its text
                var segment = RouteBinding.ParameterSegment(route, index)!;
                string raw = $"values[{index}]";
                return segment.Constraint switch
                {
                    RouteConstraint.Int => $"{Web}.RoutePath.ParseInt32({raw})",
                    RouteConstraint.Long => $"{Web}.RoutePath.ParseInt64({raw})",
                    RouteConstraint.Guid => $"{Web}.RoutePath.ParseGuid({raw})",
                    RouteConstraint.Bool => $"{Web}.RoutePath.ParseBool({raw})",
                    _ => $"values.GetString({index})!",
                };
            }

            private static void EmitRun(CodeWriter w, HandlerSpec handler, int h, VerbSpec verb)
            {
                string parameters = string.Concat(verb.Parameters.Select(p => $", {p.TypeName} {Escape(p.Name)}"));
                string args = string.Join(", ", verb.Parameters.Select(p => Escape(p.Name)));
                string call = $"handler.{verb.MethodName}({args})";
                string passArgs = string.Concat(verb.Parameters.Select(p => ", " + Escape(p.Name)));

                w.Open($"private static {FutureType} Run_{h}_{verb.MethodName}({handler.TypeName} handler{parameters})");
                w.Open("try");
                w.Line("var prepare = handler.RunPrepare();");
                w.Line($"if (!prepare.IsDone) return RunAfterPrepare_{h}_{verb.MethodName}(handler, prepare{passArgs});");
                w.Line("prepare.ThrowIfFailed();");
                w.Open("if (!handler.Finished)");
                if (verb.ReturnsFuture)
                {
                    w.Line($"var verb = {call};");
                    w.Line("if (!verb.IsDone) return handler.CompleteAfter(verb);");
                    w.Line("verb.ThrowIfFailed();");
                }
                else
                {
                    w.Line(call + ";");
                }
                w.Close();
                w.Close();
                w.Open("catch (global::System.Exception exception)");
                w.Line("handler.HandleRequestException(exception);");
                w.Close();
                w.Line("handler.CompleteRequest();");
                w.Line($"return {FutureType}.Completed;");
                w.Close();
                w.Line();

                w.Open($"private static async {FutureType} RunAfterPrepare_{h}_{verb.MethodName}({handler.TypeName} handler, {FutureType} prepare{parameters})");
                w.Open("try");
                w.Line("await prepare;");
                w.Line($"if (!handler.Finished) {(verb.ReturnsFuture ? "await " : "")}{call};");
                w.Close();
                w.Open("catch (global::System.Exception exception)");
                w.Line("handler.HandleRequestException(exception);");
                w.Close();
                w.Line("handler.CompleteRequest();");
                w.Close();
                w.Line();
            }

            internal static string Escape(string identifier) =>
                Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(identifier) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + identifier : identifier;
        }
    }
}
