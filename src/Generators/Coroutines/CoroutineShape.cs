using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Squall.Generators.Coroutines
{
    /// <summary>
    /// Whether a <c>[Coroutine]</c> method can get its <c>NameAsync</c> companion, decided once for the generator (which
    /// emits only when it can) and the analyzers (SQ3004 reports why not). Linked into both, as <c>Handlers/</c> is.
    /// </summary>
    internal static class CoroutineShape
    {
        private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat.WithMiscellaneousOptions(
            SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        /// <summary>
        /// Null when <paramref name="method"/> can get a companion (<paramref name="resultType"/> is then its
        /// <c>Gen.Return&lt;T&gt;</c> type, or null); otherwise why not, with how to fix it.
        /// </summary>
        public static string? Problem(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel model, INamedTypeSymbol gen,
            CancellationToken ct, out string? resultType)
        {
            resultType = null;
            if (method.IsGenericMethod) return "it is generic; remove its type parameters";
            if (method.Parameters.FirstOrDefault(p => p.RefKind != RefKind.None) is { } byRef)
                return $"parameter '{byRef.Name}' is passed by reference; an iterator takes its parameters by value";
            // Gen.Run takes IEnumerable<object?>: the iterator yields futures and ends with Gen.Return(value).
            if (method.ReturnType is not INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } enumerable
                || enumerable.TypeArguments[0].SpecialType != SpecialType.System_Object)
                return $"it returns '{method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}'; declare it 'IEnumerable<object?>' and yield futures";
            for (var t = method.ContainingType; t is not null; t = t.ContainingType)
            {
                if (t.IsGenericType) return $"its containing type '{t.Name}' is generic; move it to a non-generic type";
                bool partial = t.DeclaringSyntaxReferences.Any(r => r.GetSyntax(ct) is TypeDeclarationSyntax d && d.Modifiers.Any(SyntaxKind.PartialKeyword));
                if (!partial) return $"its containing type '{t.Name}' is not partial; declare it 'partial'";
            }
            string companion = method.Name + "Async";
            if (method.ContainingType.GetMembers(companion).Any()) return $"'{method.ContainingType.Name}' already declares '{companion}'; rename one of them";

            var results = new HashSet<string>();
            SyntaxNode? body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody;
            if (body is not null)
            {
                foreach (var invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    ct.ThrowIfCancellationRequested();
                    if (model.GetSymbolInfo(invocation, ct).Symbol is IMethodSymbol { Name: "Return", IsGenericMethod: true } r
                        && SymbolEqualityComparer.Default.Equals(r.ContainingType, gen))
                        results.Add(r.TypeArguments[0].ToDisplayString(TypeFormat));
                }
            }
            if (results.Count > 1)
                return $"it returns values of several types through Gen.Return ({string.Join(", ", results.OrderBy(x => x).Select(x => x.Replace("global::", "")))}); return one type";
            resultType = results.Count == 1 ? results.First() : null;
            return null;
        }
    }
}
