using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Squall.Generators.Helpers;
using Squall.Generators.Model;
using Squall.Generators.Routing;

namespace Squall.Generators.Handlers
{
    internal static partial class HandlerModelBuilder
    {
        private static readonly SymbolDisplayFormat ParameterTypeFormat = SymbolDisplayFormat.FullyQualifiedFormat.WithMiscellaneousOptions(
            SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        /// <summary>An entry method's spec and its symbol (for problem locations; never leaves the builder).</summary>
        private sealed class ParsedVerb
        {
            public ParsedVerb(VerbSpec spec, IMethodSymbol? method)
            {
                Spec = spec;
                Method = method;
            }

            public VerbSpec Spec { get; }

            /// <summary>Null for a WebSocket handler without <c>Open</c> (nothing to call, no parameters).</summary>
            public IMethodSymbol? Method { get; }
        }

        /// <summary>
        /// True when a verb method may return <paramref name="returnType"/>: <c>void</c>, <c>Future</c> or a subclass
        /// (<c>Future&lt;T&gt;</c>). SQ2008 asks the same question of every verb method, routed or not.
        /// </summary>
        public static bool IsVerbReturnType(IMethodSymbol method, KnownTypeSymbols known) =>
            method.ReturnsVoid || IsFuture(method.ReturnType, known);

        /// <summary>The entry methods of <paramref name="type"/> that are valid; problems for the others.</summary>
        private static List<ParsedVerb> ParseVerbs(INamedTypeSymbol type, HandlerKind kind, KnownTypeSymbols known,
            List<HandlerProblem> problems, CancellationToken ct, out int declared)
        {
            var verbs = new List<ParsedVerb>();
            declared = 0;
            if (kind == HandlerKind.WebSocketHandler)
            {
                // The upgrade is the only request a WebSocket handler answers: a verb method would never run.
                foreach (var verbName in HandlerKinds.VerbNames)
                    foreach (var method in FindEntryMethods(type, known, verbName))
                        problems.Add(new HandlerProblem(HandlerProblemKind.VerbOnWebSocketHandler, InSource(FirstLocation(method), FirstLocation(type)),
                            type.Name + "." + method.Name, type.Name));
                // Open is optional (as Tornado's open): without one the upgrade binds nothing, so it counts as declared.
                declared = 1;
                if (FindEntryMethods(type, known, "Open").Count == 0)
                {
                    verbs.Add(new ParsedVerb(new VerbSpec("", "GET", false, ImmutableEquatableArray<ParameterSpec>.Empty), null));
                    return verbs;
                }
                declared = 0;
            }
            foreach (var name in HandlerKinds.EntryMethodNames(kind))
            {
                var methods = FindEntryMethods(type, known, name);
                if (methods.Count == 0) continue;
                declared++;
                if (methods.Count > 1)
                {
                    // The request picks a verb by its HTTP method only: nothing can choose between overloads.
                    problems.Add(new HandlerProblem(HandlerProblemKind.OverloadedVerb, InSource(FirstLocation(methods[1]), FirstLocation(type)),
                        type.Name + "." + name, methods.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), name));
                    continue;
                }
                if (ParseVerb(type, methods[0], HandlerKinds.HttpMethodOf(kind, name), known, problems, ct) is { } verb) verbs.Add(verb);
            }
            return verbs;
        }

        private static ParsedVerb? ParseVerb(INamedTypeSymbol type, IMethodSymbol method, string httpMethod, KnownTypeSymbols known,
            List<HandlerProblem> problems, CancellationToken ct)
        {
            int before = problems.Count;
            var at = InSource(FirstLocation(method), FirstLocation(type));
            string qualified = type.Name + "." + method.Name;
            if (!IsVisibleInAssembly(method.DeclaredAccessibility))
                problems.Add(new HandlerProblem(HandlerProblemKind.InaccessibleVerb, at, qualified, AccessibilityText(method.DeclaredAccessibility)));
            if (method.IsGenericMethod)
                problems.Add(new HandlerProblem(HandlerProblemKind.GenericVerb, at, qualified));
            if (!IsVerbReturnType(method, known))
            {
                var returnAt = method.DeclaringSyntaxReferences.Length > 0 && method.DeclaringSyntaxReferences[0].GetSyntax(ct) is MethodDeclarationSyntax declaration
                    ? declaration.ReturnType.GetLocation()
                    : at;
                problems.Add(new HandlerProblem(HandlerProblemKind.VerbReturnType, returnAt, method.Name,
                    method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
            }

            var parameters = new List<ParameterSpec>();
            foreach (var p in method.Parameters)
            {
                string? modifier = p.IsParams ? "params" : p.RefKind switch
                {
                    RefKind.None => null,
                    RefKind.Out => "out",
                    RefKind.In => "in",
                    RefKind.RefReadOnlyParameter => "ref readonly",
                    _ => "ref",
                };
                if (modifier is not null)
                {
                    problems.Add(new HandlerProblem(HandlerProblemKind.RefOrParamsParameter, InSource(FirstLocation(p), at), p.Name, qualified, modifier));
                    continue;
                }
                parameters.Add(new ParameterSpec(
                    p.Name,
                    ParameterTypeOf(p.Type, known),
                    p.Type.ToDisplayString(ParameterTypeFormat),
                    p.Type.NullableAnnotation == NullableAnnotation.Annotated,
                    p.HasExplicitDefaultValue ? DefaultLiteral(p) : null));
            }
            if (problems.Count > before) return null;
            bool returnsFuture = !method.ReturnsVoid;
            return new ParsedVerb(new VerbSpec(method.Name, httpMethod, returnsFuture, parameters.ToImmutableEquatableArray()), method);
        }

        /// <summary>Every parameter of <paramref name="verb"/> binds from <paramref name="route"/>, and every route value is taken.</summary>
        private static void CheckBinding(INamedTypeSymbol type, ParsedRoute route, ParsedVerb verb, List<HandlerProblem> problems)
        {
            var spec = route.Spec;
            var parameters = verb.Spec.Parameters;
            string qualified = type.Name + "." + (verb.Method?.Name ?? "Open");
            Location ParameterAt(int i) => InSource(FirstLocation(verb.Method!.Parameters[i]), route.Location);

            if (spec.IsRegex)
            {
                // Groups bind to parameters by position, as in Tornado.
                if (spec.RegexGroupCount != parameters.Count)
                {
                    problems.Add(new HandlerProblem(HandlerProblemKind.RegexGroupCountMismatch, route.Location, spec.Regex!,
                        spec.RegexGroupCount.ToString(System.Globalization.CultureInfo.InvariantCulture), qualified,
                        parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }
                for (int i = 0; i < parameters.Count && i < spec.RegexGroupCount; i++)
                {
                    if (parameters[i].Type == ParameterType.String) continue;
                    problems.Add(new HandlerProblem(HandlerProblemKind.RegexParameterNotString, ParameterAt(i), parameters[i].Name,
                        verb.Method!.Parameters[i].Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), spec.Regex!));
                }
                return;
            }

            foreach (var segment in spec.Segments)
            {
                if (segment.Kind == RouteSegmentKind.Literal || parameters.Any(p => p.Name == segment.Text)) continue;
                problems.Add(new HandlerProblem(HandlerProblemKind.RouteParameterNotTaken, route.Location, segment.Text, spec.Template, qualified));
            }
            for (int i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i];
                int index = RouteBinding.ValueIndex(spec, p, i);
                if (index < 0)
                {
                    if (p.DefaultValue is null)
                        problems.Add(new HandlerProblem(HandlerProblemKind.MethodParameterNotBound, ParameterAt(i), p.Name, qualified, spec.Template));
                    continue;
                }
                var segment = RouteBinding.ParameterSegment(spec, index)!;
                if (RouteBinding.Compatible(segment, p.Type)) continue;
                problems.Add(new HandlerProblem(HandlerProblemKind.ParameterTypeMismatch, ParameterAt(i), p.Name,
                    verb.Method!.Parameters[i].Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), spec.Template,
                    GivenAs(segment), TypeFix(segment, p.Type)));
            }
        }

        private static string GivenAs(SegmentSpec segment) => segment.Kind switch
        {
            RouteSegmentKind.CatchAll => "catch-all",
            RouteSegmentKind.TypedParameter => RouteTemplateParser.ConstraintName(segment.Constraint),
            _ => "string",
        };

        /// <summary>How to make the parameter and the segment agree, in words.</summary>
        private static string TypeFix(SegmentSpec segment, ParameterType type)
        {
            if (segment.Kind == RouteSegmentKind.TypedParameter)
                return $"declare it as '{CSharpName(segment.Constraint)}' or 'string'";
            string? constraint = type switch
            {
                ParameterType.Int32 => "int",
                ParameterType.Int64 => "long",
                ParameterType.Guid => "guid",
                ParameterType.Boolean => "bool",
                _ => null,
            };
            return segment.Kind == RouteSegmentKind.Parameter && constraint is not null
                ? $"declare it as 'string' or constrain the segment: '{{{segment.Text}:{constraint}}}'"
                : "declare it as 'string'";
        }

        private static string CSharpName(RouteConstraint constraint) => constraint switch
        {
            RouteConstraint.Int => "int",
            RouteConstraint.Long => "long",
            RouteConstraint.Guid => "Guid",
            _ => "bool",
        };

        /// <summary>The methods named <paramref name="name"/> of the most derived class declaring one (the base handler declares none).</summary>
        private static List<IMethodSymbol> FindEntryMethods(INamedTypeSymbol type, KnownTypeSymbols known, string name)
        {
            for (var t = type; t is not null && !SymbolEqualityComparer.Default.Equals(t, known.RequestHandler); t = t.BaseType)
            {
                var methods = t.GetMembers(name).OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary && !m.IsStatic).ToList();
                if (methods.Count > 0) return methods;
            }
            return new List<IMethodSymbol>();
        }

        private static bool IsFuture(ITypeSymbol type, KnownTypeSymbols known)
        {
            for (var t = type as INamedTypeSymbol; t is not null; t = t.BaseType)
                if (SymbolEqualityComparer.Default.Equals(t, known.Future)) return true;
            return false;
        }

        /// <summary>The bindable type of a parameter; a nullable value type binds as its underlying type.</summary>
        private static ParameterType ParameterTypeOf(ITypeSymbol type, KnownTypeSymbols known)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
            return type.SpecialType switch
            {
                SpecialType.System_String => ParameterType.String,
                SpecialType.System_Int32 => ParameterType.Int32,
                SpecialType.System_Int64 => ParameterType.Int64,
                SpecialType.System_Boolean => ParameterType.Boolean,
                _ => SymbolEqualityComparer.Default.Equals(type, known.Guid) ? ParameterType.Guid : ParameterType.Other,
            };
        }

        private static string DefaultLiteral(IParameterSymbol p)
        {
            if (p.ExplicitDefaultValue is null) return p.Type.IsReferenceType ? "null" : "default";
            return Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatPrimitive(p.ExplicitDefaultValue, quoteStrings: true, useHexadecimalNumbers: false) ?? "default";
        }
    }
}
