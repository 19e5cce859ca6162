using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Squall.Analyzers.Coroutines;

namespace Squall.Analyzers.CodeFixes;

/// <summary>
/// Fix for SQ3002: <c>async void M()</c> → <c>async Future M()</c> for methods and local functions. Lambdas get no
/// fix: their delegate type is chosen by the caller (AddCallback takes an Action; SpawnCallback is the coroutine one).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SQ3002AsyncVoidCodeFix)), Shared]
public sealed class SQ3002AsyncVoidCodeFix : CodeFixProvider
{
    public const string Key = "SQ3002.Future";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(SQ3002AsyncVoid.Id);

    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
        SyntaxNode? declaration = token.Parent as MethodDeclarationSyntax ?? (SyntaxNode?)(token.Parent as LocalFunctionStatementSyntax);
        if (declaration is null) return;
        context.RegisterCodeFix(
            CodeAction.Create("Return 'Future'", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(declaration, Retype(declaration)))), Key),
            diagnostic);
    }

    private static SyntaxNode Retype(SyntaxNode declaration) => declaration switch
    {
        MethodDeclarationSyntax m => m.WithReturnType(AwaitRewriter.FutureType().WithTriviaFrom(m.ReturnType)),
        LocalFunctionStatementSyntax l => l.WithReturnType(AwaitRewriter.FutureType().WithTriviaFrom(l.ReturnType)),
        _ => declaration,
    };
}
