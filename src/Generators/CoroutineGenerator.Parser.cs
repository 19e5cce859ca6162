using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Squall.Generators.Helpers;
using Squall.Generators.Model;

namespace Squall.Generators
{
    public sealed partial class CoroutineGenerator
    {
        internal static class Parser
        {
            private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat.WithMiscellaneousOptions(
                SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

            public static CoroutineSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
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
                    return null; // never fail the user's build from here
                }
            }

            private static CoroutineSpec? ParseCore(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            {
                if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax) return null;
                if (method.IsGenericMethod || method.Parameters.Any(p => p.RefKind != RefKind.None)) return null;
                // Gen.Run takes IEnumerable<object?>: the iterator yields futures and ends with Gen.Return(value).
                if (method.ReturnType is not INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } enumerable
                    || enumerable.TypeArguments[0].SpecialType != SpecialType.System_Object)
                    return null;
                var types = new List<ContainingTypeSpec>();
                for (var t = method.ContainingType; t is not null; t = t.ContainingType)
                {
                    if (t.IsGenericType) return null;
                    bool partial = t.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax d
                        && d.Modifiers.Any(SyntaxKind.PartialKeyword));
                    if (!partial) return null;
                    string keyword = t.IsRecord ? (t.IsValueType ? "record struct" : "record") : t.TypeKind == TypeKind.Struct ? "struct" : t.TypeKind == TypeKind.Interface ? "interface" : "class";
                    types.Insert(0, new ContainingTypeSpec(keyword, t.Name));
                }
                string companion = method.Name + "Async";
                if (method.ContainingType.GetMembers(companion).Any()) return null;

                var gen = context.SemanticModel.Compilation.GetTypeByMetadataName("Squall.Gen");
                if (gen is null) return null;
                var results = new HashSet<string>();
                SyntaxNode? body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody;
                if (body is not null)
                {
                    foreach (var invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (context.SemanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { Name: "Return", IsGenericMethod: true } r
                            && SymbolEqualityComparer.Default.Equals(r.ContainingType, gen))
                            results.Add(r.TypeArguments[0].ToDisplayString(TypeFormat));
                    }
                }
                if (results.Count > 1) return null; // which T? the analyzers can say

                string ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
                var parameters = method.Parameters.Select(p => new ParameterDeclaration(
                    p.Type.ToDisplayString(TypeFormat) + " " + Escape(p.Name), Escape(p.Name), p.Type.ToDisplayString(TypeFormat)));
                return new CoroutineSpec(ns, types.ToImmutableEquatableArray(), method.Name, AccessibilityKeyword(method.DeclaredAccessibility),
                    method.IsStatic, parameters.ToImmutableEquatableArray(), results.Count == 1 ? results.First() : null);
            }

            private static string Escape(string name) =>
                SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

            private static string AccessibilityKeyword(Accessibility a) => a switch
            {
                Accessibility.Public => "public",
                Accessibility.Internal => "internal",
                Accessibility.Protected => "protected",
                Accessibility.ProtectedOrInternal => "protected internal",
                Accessibility.ProtectedAndInternal => "private protected",
                _ => "private",
            };
        }
    }
}
