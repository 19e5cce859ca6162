using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Squall.Analyzers.CodeFixes;

/// <summary>From a diagnostic on a member name back to the call or property access it names.</summary>
internal static class BlockingNodes
{
    /// <summary>The invocation (<c>x.Foo()</c>) or member access (<c>t.Result</c>) whose name is at <paramref name="name"/>.</summary>
    public static ExpressionSyntax? FromName(SyntaxNode? name)
    {
        if (name is not SimpleNameSyntax simple) return null;
        ExpressionSyntax access = simple.Parent is MemberAccessExpressionSyntax m && m.Name == simple ? m : simple;
        if (access.Parent is InvocationExpressionSyntax invocation && invocation.Expression == access) return invocation;
        return access;
    }
}
