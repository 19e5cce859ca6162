using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Squall.Generators.Helpers;
using Squall.Generators.Model;

namespace Squall.Generators.Handlers
{
    /// <summary>
    /// The one place that decides what a valid handler, route and verb method is. Turns a <c>[Route]</c> class into a
    /// <see cref="HandlerSpec"/> or a list of typed <see cref="HandlerProblem"/>s. Linked into the generator (which
    /// emits only problem-free handlers) and the analyzers (which report every problem), so the two cannot disagree.
    /// It sees symbols; what it returns to the generator (the spec) holds none.
    /// </summary>
    internal static partial class HandlerModelBuilder
    {
        /// <summary>The model of <paramref name="type"/> from all of its <c>[Route]</c> attributes (every partial declaration).</summary>
        public static HandlerModel Build(INamedTypeSymbol type, KnownTypeSymbols known, CancellationToken cancellationToken)
        {
            var problems = new List<HandlerProblem>();
            var attributes = RouteAttributes(type, known);
            if (!known.IsComplete || attributes.Count == 0) return new HandlerModel(null, problems, 0);
            var fallback = AttributeLocation(attributes[0], cancellationToken) ?? FirstLocation(type);

            var routes = new List<ParsedRoute>();
            foreach (var attribute in attributes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ParseRoute(type, attribute, problems, cancellationToken) is { } route) routes.Add(route);
            }

            var kind = KindOf(type, known);
            if (kind is null)
            {
                problems.Add(new HandlerProblem(HandlerProblemKind.NotAHandler, fallback, type.Name, "it is not a RequestHandler subclass"));
                return new HandlerModel(null, problems, 0);
            }
            CheckClass(type, fallback, problems);
            var constructorParameters = type.IsAbstract || type.IsStatic ? null : ChooseConstructor(type, fallback, problems);

            var verbs = ParseVerbs(type, kind.Value, known, problems, cancellationToken, out int entryMethods);
            foreach (var route in routes)
                foreach (var verb in verbs)
                    CheckBinding(type, route, verb, problems);

            if (problems.Count > 0) return new HandlerModel(null, problems, entryMethods);
            bool stream = known.StreamRequestBodyAttribute is { } streamAttr && HasAttribute(type, streamAttr);
            var services = (constructorParameters ?? new List<ConstructorParameterSpec>()).ToImmutableEquatableArray();
            // A WebSocket handler is the connection's state for its whole life, and a handler made from a request's
            // services holds them: neither is reused across requests.
            // Async verbs too, when nothing in the handler's source can hold it past its request (issue 16, goal 7:
            // the handler object was 144 of the 240 B an async request allocated).
            bool poolable = kind.Value == HandlerKind.RequestHandler && !stream && services.Count == 0
                && IsStateless(type, known)
                && (verbs.All(v => !v.Spec.ReturnsFuture) || AsyncVerbsCannotOutliveRequest(type, known, cancellationToken));
            var spec = new HandlerSpec(
                type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                type.Name,
                kind.Value,
                stream,
                routes.Select(r => r.Spec).ToImmutableEquatableArray(),
                verbs.Select(v => v.Spec).ToImmutableEquatableArray(),
                services,
                poolable);
            return new HandlerModel(spec, problems, entryMethods);
        }

        /// <summary>The handler kind <paramref name="type"/>'s base type makes it, or null when it is none.</summary>
        private static HandlerKind? KindOf(INamedTypeSymbol type, KnownTypeSymbols known)
        {
            if (type.TypeKind != TypeKind.Class) return null;
            if (known.WebSocketHandler is { } webSocket && DerivesFrom(type, webSocket)) return HandlerKind.WebSocketHandler;
            if (DerivesFrom(type, known.RequestHandler!)) return HandlerKind.RequestHandler;
            return null;
        }

        /// <summary>Can the generated dispatch name and create it?</summary>
        private static void CheckClass(INamedTypeSymbol type, Location at, List<HandlerProblem> problems)
        {
            if (type.IsAbstract || type.IsStatic)
            {
                problems.Add(new HandlerProblem(HandlerProblemKind.AbstractClass, at, type.Name, type.IsStatic ? "it is static" : "it is abstract"));
                return; // nothing to construct: constructors are beside the point
            }
            for (var t = type; t is not null; t = t.ContainingType)
            {
                if (t.IsGenericType)
                {
                    problems.Add(new HandlerProblem(HandlerProblemKind.GenericClass, at, type.Name,
                        ReferenceEquals(t, type) ? "it is generic" : $"it is nested in the generic type '{t.Name}'"));
                    break;
                }
            }
            for (var t = type; t is not null; t = t.ContainingType)
            {
                if (t.IsFileLocal || !IsVisibleInAssembly(t.DeclaredAccessibility))
                {
                    string what = t.IsFileLocal ? "file-local" : AccessibilityText(t.DeclaredAccessibility);
                    problems.Add(new HandlerProblem(HandlerProblemKind.InaccessibleClass, at, type.Name,
                        ReferenceEquals(t, type) ? $"it is {what}, so generated code cannot see it" : $"it is nested in the {what} type '{t.Name}', so generated code cannot see it"));
                    break;
                }
            }
        }

        /// <summary>
        /// The constructor the dispatch calls: a public or internal parameterless one (today's path, poolable), else the
        /// only public or internal one with parameters, whose parameters become services resolved per request (hosting).
        /// Null, with a problem, when there is none or the choice is ambiguous.
        /// </summary>
        private static List<ConstructorParameterSpec>? ChooseConstructor(INamedTypeSymbol type, Location at, List<HandlerProblem> problems)
        {
            var visible = type.InstanceConstructors.Where(c => IsVisibleInAssembly(c.DeclaredAccessibility)).ToList();
            if (visible.Any(c => c.Parameters.Length == 0)) return new List<ConstructorParameterSpec>();
            if (visible.Count != 1)
            {
                problems.Add(new HandlerProblem(HandlerProblemKind.NoAccessibleConstructor, at, type.Name, visible.Count == 0
                    ? "it has no public or internal constructor"
                    : $"it has {visible.Count} public or internal constructors with parameters and none without: keep one, whose parameters are services"));
                return null;
            }
            var parameters = new List<ConstructorParameterSpec>();
            foreach (var p in visible[0].Parameters)
            {
                if (p.RefKind != RefKind.None || p.IsParams)
                {
                    problems.Add(new HandlerProblem(HandlerProblemKind.NoAccessibleConstructor, at, type.Name,
                        $"its constructor parameter '{p.Name}' is {(p.IsParams ? "params" : p.RefKind.ToString().ToLowerInvariant())}: services are passed by value"));
                    return null;
                }
                // A nullable reference (or "= null") makes the service optional: null when it is not registered.
                bool optional = p.Type.IsReferenceType
                    && (p.NullableAnnotation == NullableAnnotation.Annotated || (p.HasExplicitDefaultValue && p.ExplicitDefaultValue is null));
                parameters.Add(new ConstructorParameterSpec(p.Name,
                    p.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), optional));
            }
            return parameters;
        }

        /// <summary>
        /// No instance state of its own (fields, auto-property backing fields) and no overridden life-cycle hooks
        /// that could outlive the request: reusing the instance cannot be observed.
        /// </summary>
        private static bool IsStateless(INamedTypeSymbol type, KnownTypeSymbols known)
        {
            for (var t = type; t is not null && !SymbolEqualityComparer.Default.Equals(t, known.RequestHandler); t = t.BaseType)
            {
                foreach (var member in t.GetMembers())
                {
                    if (member is IFieldSymbol { IsStatic: false, IsConst: false }) return false;
                    if (member is IMethodSymbol { IsOverride: true } m && m.Name is "Prepare" or "OnConnectionClose" or "OnFinish" or "Initialize")
                        return false;
                }
            }
            return true;
        }

        private static List<AttributeData> RouteAttributes(INamedTypeSymbol type, KnownTypeSymbols known) =>
            known.RouteAttribute is null
                ? new List<AttributeData>()
                : type.GetAttributes().Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, known.RouteAttribute)).ToList();

        private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
        {
            for (var t = type.BaseType; t is not null; t = t.BaseType)
                if (SymbolEqualityComparer.Default.Equals(t, baseType)) return true;
            return false;
        }

        private static bool HasAttribute(INamedTypeSymbol type, INamedTypeSymbol attribute)
        {
            for (var t = type; t is not null; t = t.BaseType)
                if (t.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute))) return true;
            return false;
        }

        /// <summary>Generated code lives in the same assembly: public and internal members are visible to it.</summary>
        private static bool IsVisibleInAssembly(Accessibility accessibility) =>
            accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

        private static string AccessibilityText(Accessibility accessibility) => accessibility switch
        {
            Accessibility.Private => "private",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedAndInternal => "private protected",
            _ => accessibility.ToString().ToLowerInvariant(),
        };

        private static Location FirstLocation(ISymbol symbol) =>
            symbol.Locations.FirstOrDefault(l => l.IsInSource) ?? Location.None;

        /// <summary><paramref name="location"/> when it is in source, else <paramref name="fallback"/> (a verb inherited from metadata).</summary>
        private static Location InSource(Location? location, Location fallback) =>
            location is { IsInSource: true } ? location : fallback;
    }
}
