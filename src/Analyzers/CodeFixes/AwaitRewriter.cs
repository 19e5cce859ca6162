using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.CodeFixes;

/// <summary>
/// Shared pieces of the "insert an await" fixes: can the code at a node await (or be made to), and how to
/// write <c>await expr</c> so the result still compiles. When unsure, the fixes back off rather than guess.
/// </summary>
internal static class AwaitRewriter
{
    /// <summary>
    /// Returns true when <paramref name="node"/> may contain an await after the edit: its function is already
    /// async, or it is a synchronous void RequestHandler verb/Prepare method that <paramref name="editor"/> turns
    /// into <c>async Future</c>.
    /// </summary>
    public static bool PrepareAsyncContext(SyntaxNode node, SemanticModel model, KnownSymbols known, SyntaxEditor? editor)
    {
        if (!CanAwaitHere(node)) return false;
        var function = LoopContext.EnclosingFunction(node);
        switch (function)
        {
            case AnonymousFunctionExpressionSyntax lambda:
                return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
            case LocalFunctionStatementSyntax local:
                return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
            case MethodDeclarationSyntax method:
                if (method.Modifiers.Any(SyntaxKind.AsyncKeyword)) return true;
                if (model.GetDeclaredSymbol(method) is not IMethodSymbol symbol) return false;
                if (!symbol.ReturnsVoid || !LoopContext.IsHandlerCallback(symbol, known)) return false;
                if (!LoopContext.VerbMethods.Contains(symbol.Name) && symbol.Name != "Prepare") return false;
                if (symbol.IsOverride || symbol.IsVirtual || symbol.IsAbstract) return false;
                editor?.ReplaceNode(method, (current, _) => MakeAsyncFuture((MethodDeclarationSyntax)current));
                return true;
            default:
                return false;
        }
    }

    /// <summary><c>void M()</c> → <c>async Future M()</c>, keeping modifiers and trivia.</summary>
    public static MethodDeclarationSyntax MakeAsyncFuture(MethodDeclarationSyntax method) =>
        method.WithReturnType(FutureType().WithTriviaFrom(method.ReturnType))
            .WithModifiers(method.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space)));

    public static TypeSyntax FutureType() => TypeName("Squall.Future");

    /// <summary>A fully qualified type name the simplifier shortens (and imports) after the fix is applied.</summary>
    public static NameSyntax TypeName(string fullName) =>
        SyntaxFactory.ParseName("global::" + fullName).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary><c>Type.Member</c> with the type fully qualified and annotated for simplification.</summary>
    public static MemberAccessExpressionSyntax StaticMember(string typeFullName, string member) =>
        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeName(typeFullName), SyntaxFactory.IdentifierName(member));

    /// <summary><c>IOLoop.Current.Method(() => body)</c>.</summary>
    public static InvocationExpressionSyntax CurrentLoopCall(string method, ExpressionSyntax body) =>
        SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, StaticMember("Squall.IOLoop", "Current"), SyntaxFactory.IdentifierName(method)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Argument(SyntaxFactory.ParenthesizedLambdaExpression(body.WithoutTrivia())))));

    /// <summary><c>await expression</c>, parenthesized when it sits inside a larger expression.</summary>
    public static ExpressionSyntax Await(ExpressionSyntax expression, SyntaxNode replacedNode)
    {
        ExpressionSyntax awaited = SyntaxFactory.AwaitExpression(expression.WithoutTrivia());
        if (NeedsParentheses(replacedNode))
        {
            awaited = SyntaxFactory.ParenthesizedExpression(awaited);
        }
        return awaited.WithTriviaFrom(replacedNode);
    }

    private static bool NeedsParentheses(SyntaxNode node) => node.Parent switch
    {
        ExpressionStatementSyntax or EqualsValueClauseSyntax or ArgumentSyntax or ReturnStatementSyntax
            or ArrowExpressionClauseSyntax or ParenthesizedExpressionSyntax or InterpolationSyntax
            or ConditionalExpressionSyntax or InitializerExpressionSyntax => false,
        AssignmentExpressionSyntax assignment => assignment.Right != node,
        _ => true,
    };

    /// <summary>Places where C# forbids await whatever the method: lock bodies, query clauses, unsafe code.</summary>
    private static bool CanAwaitHere(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax:
                    return true;
                case LockStatementSyntax or QueryExpressionSyntax or UnsafeStatementSyntax:
                    return false;
            }
        }
        return true;
    }
}
