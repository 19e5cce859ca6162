using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Squall.Generators.Coroutines;
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
                var gen = context.SemanticModel.Compilation.GetTypeByMetadataName("Squall.Gen");
                if (gen is null) return null; // no Squall: nothing to run the iterator with, and nothing to report
                // What cannot get a companion is reported by SQ3004 from the same check.
                if (CoroutineShape.Problem(method, syntax, context.SemanticModel, gen, cancellationToken, out string? resultType) is not null) return null;
                var types = new List<ContainingTypeSpec>();
                for (var t = method.ContainingType; t is not null; t = t.ContainingType)
                {
                    string keyword = t.IsRecord ? (t.IsValueType ? "record struct" : "record") : t.TypeKind == TypeKind.Struct ? "struct" : t.TypeKind == TypeKind.Interface ? "interface" : "class";
                    types.Insert(0, new ContainingTypeSpec(keyword, t.Name));
                }

                string ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
                var parameters = method.Parameters.Select(p => new ParameterDeclaration(
                    p.Type.ToDisplayString(TypeFormat) + " " + Escape(p.Name), Escape(p.Name), p.Type.ToDisplayString(TypeFormat)));
                return new CoroutineSpec(ns, types.ToImmutableEquatableArray(), method.Name, AccessibilityKeyword(method.DeclaredAccessibility),
                    method.IsStatic, parameters.ToImmutableEquatableArray(), resultType);
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
