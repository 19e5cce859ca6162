using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Squall.Analyzers.Blocking;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.CodeFixes;

/// <summary><c>x.Foo(args)</c> → <c>x.FooAsync(args)</c>, after re-checking that the async sibling still fits.</summary>
internal static class AsyncCallRewriter
{
    public static ExpressionSyntax? Rewrite(
        InvocationExpressionSyntax invocation, SemanticModel model, KnownSymbols known, string asyncName, CancellationToken ct)
    {
        if (model.GetSymbolInfo(invocation, ct).Symbol is not IMethodSymbol method) return null;
        SimpleNameSyntax? name;
        ITypeSymbol? receiverType = null;
        switch (invocation.Expression)
        {
            case MemberAccessExpressionSyntax access:
                name = access.Name;
                receiverType = model.GetTypeInfo(access.Expression, ct).Type;
                break;
            case SimpleNameSyntax simple:
                name = simple;
                break;
            default:
                return null; // `x?.Foo()` and friends: awaiting a conditional access needs a rewrite we do not guess.
        }
        var enclosing = model.GetEnclosingSymbol(invocation.SpanStart, ct);
        var alternative = AsyncAlternativeFinder.Find(model, invocation.SpanStart, method, receiverType, enclosing, known, asyncName, ct: ct);
        if (alternative is null) return null;
        var newName = name.WithIdentifier(SyntaxFactory.Identifier(asyncName).WithTriviaFrom(name.Identifier));
        return invocation.ReplaceNode(name, newName);
    }
}
