using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Squall.Generators.Helpers;
using Squall.Generators.Model;
using Squall.Generators.Routing;

namespace Squall.Generators
{
    public sealed partial class RouteGenerator
    {
        /// <summary>
        /// Turns one <c>[Route]</c> class into a <see cref="HandlerSpec"/>, or null when it cannot be emitted (the
        /// analyzers report why). The only stage that sees symbols; it must never throw.
        /// </summary>
        internal static class Parser
        {
            private static readonly string[] VerbNames = { "Get", "Post", "Put", "Delete", "Patch", "Head", "Options" };

            public static HandlerSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            {
                try
                {
                    return ParseCore(context, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    throw;
                }
                catch (Exception)
                {
                    // A generator exception fails the user's build; a handler we cannot understand is skipped instead.
                    return null;
                }
            }

            private static HandlerSpec? ParseCore(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            {
                if (context.TargetSymbol is not INamedTypeSymbol type) return null;
                var known = new KnownTypeSymbols(context.SemanticModel.Compilation);
                if (!known.IsComplete || !IsEmittableClass(type, known)) return null;

                var routes = new List<RouteSpec>();
                foreach (var attribute in context.Attributes)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var route = ParseRoute(attribute);
                    if (route is null) return null;
                    routes.Add(route);
                }

                var verbs = new List<VerbSpec>();
                foreach (var name in VerbNames)
                {
                    var methods = FindVerbMethods(type, known, name);
                    if (methods.Count == 0) continue;
                    if (methods.Count > 1) return null; // overloads cannot be chosen between by the request
                    var verb = ParseVerb(methods[0], name, known);
                    if (verb is null) return null;
                    verbs.Add(verb);
                }

                foreach (var route in routes)
                    foreach (var verb in verbs)
                        if (!Binding.CanBind(route, verb)) return null;

                bool stream = known.StreamRequestBodyAttribute is { } streamAttr && HasAttribute(type, streamAttr);
                return new HandlerSpec(
                    type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                    type.Name,
                    stream,
                    routes.ToImmutableEquatableArray(),
                    verbs.ToImmutableEquatableArray());
            }

            private static bool IsEmittableClass(INamedTypeSymbol type, KnownTypeSymbols known)
            {
                if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic || type.IsGenericType) return false;
                for (var t = type; t is not null; t = t.ContainingType)
                {
                    if (t.IsGenericType) return false;
                    if (t.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)) return false;
                }
                if (!DerivesFrom(type, known.RequestHandler!)) return false;
                return type.InstanceConstructors.Any(c => c.Parameters.Length == 0
                    && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal);
            }

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

            private static RouteSpec? ParseRoute(AttributeData attribute)
            {
                string template = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string t ? t : "";
                string? name = null, regex = null;
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "Name") name = named.Value.Value as string;
                    else if (named.Key == "Regex") regex = named.Value.Value as string;
                }
                if (name is not null && !SyntaxFacts(name)) return null;
                if (regex is not null)
                {
                    if (template.Length != 0) return null; // a template and a regex: which one is meant?
                    int groups = RegexGroups(regex);
                    if (groups < 0) return null;
                    return new RouteSpec("", regex, groups, name, ImmutableEquatableArray<SegmentSpec>.Empty);
                }
                var parsed = RouteTemplate.Parse(template);
                if (!parsed.IsValid) return null;
                if (parsed.Parameters.Count() > 16) return null; // RouteValues.Capacity
                var segments = parsed.Segments.Select(s => new SegmentSpec(s.Kind, s.Text, s.Constraint));
                return new RouteSpec(template, null, 0, name, segments.ToImmutableEquatableArray());
            }

            /// <summary>Capture groups of a regex, or -1 when it does not compile (it would throw at run time).</summary>
            private static int RegexGroups(string pattern)
            {
                try
                {
                    return new System.Text.RegularExpressions.Regex(pattern).GetGroupNumbers().Length - 1;
                }
                catch (ArgumentException)
                {
                    return -1;
                }
            }

            private static bool SyntaxFacts(string identifier) =>
                Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(identifier);

            private static List<IMethodSymbol> FindVerbMethods(INamedTypeSymbol type, KnownTypeSymbols known, string name)
            {
                // The most derived class declaring the name wins; RequestHandler itself declares no verbs.
                for (var t = type; t is not null && !SymbolEqualityComparer.Default.Equals(t, known.RequestHandler); t = t.BaseType)
                {
                    var methods = t.GetMembers(name).OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary && !m.IsStatic).ToList();
                    if (methods.Count > 0) return methods;
                }
                return new List<IMethodSymbol>();
            }

            private static VerbSpec? ParseVerb(IMethodSymbol method, string name, KnownTypeSymbols known)
            {
                if (method.IsGenericMethod || method.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
                    return null;
                bool returnsFuture;
                if (method.ReturnsVoid) returnsFuture = false;
                else if (SymbolEqualityComparer.Default.Equals(method.ReturnType, known.Future)) returnsFuture = true;
                else return null;
                var parameters = new List<ParameterSpec>();
                foreach (var p in method.Parameters)
                {
                    if (p.RefKind != RefKind.None || p.IsParams) return null;
                    var type = ParameterTypeOf(p.Type, known);
                    string? defaultValue = p.HasExplicitDefaultValue ? DefaultLiteral(p) : null;
                    parameters.Add(new ParameterSpec(
                        p.Name,
                        type,
                        p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithMiscellaneousOptions(
                            SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier)),
                        p.Type.NullableAnnotation == NullableAnnotation.Annotated,
                        defaultValue));
                }
                return new VerbSpec(method.Name, name.ToUpperInvariant(), returnsFuture, parameters.ToImmutableEquatableArray());
            }

            private static ParameterType ParameterTypeOf(ITypeSymbol type, KnownTypeSymbols known) => type.SpecialType switch
            {
                SpecialType.System_String => ParameterType.String,
                SpecialType.System_Int32 => ParameterType.Int32,
                SpecialType.System_Int64 => ParameterType.Int64,
                SpecialType.System_Boolean => ParameterType.Boolean,
                _ => SymbolEqualityComparer.Default.Equals(type, known.Guid) ? ParameterType.Guid : ParameterType.Other,
            };

            private static string DefaultLiteral(IParameterSymbol p)
            {
                if (p.ExplicitDefaultValue is null) return p.Type.IsReferenceType ? "null" : "default";
                return Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatPrimitive(p.ExplicitDefaultValue, quoteStrings: true, useHexadecimalNumbers: false) ?? "default";
            }
        }
    }
}
