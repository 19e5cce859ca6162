using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Squall.Analyzers.Coroutines;

namespace Squall.Analyzers.CodeFixes;

/// <summary>
/// Fix for SQ3002: <c>async void M()</c> → <c>async Future M()</c> for methods and local functions. Lambdas get no
/// fix: their delegate type is chosen by the caller (AddCallback takes an Action; SpawnCallback is the coroutine one).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SQ3002AsyncVoidCodeFix)), Shared]
public sealed class SQ3002AsyncVoidCodeFix : SquallCodeFix
{
    public const string Key = "SQ3002.Future";

    public SQ3002AsyncVoidCodeFix() : base(SQ3002AsyncVoid.Id, WellKnownFixAllProviders.BatchFixer) { }

    private protected override Task RegisterFixesAsync(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root)
    {
        var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
        SyntaxNode? declaration = token.Parent as MethodDeclarationSyntax ?? (SyntaxNode?)(token.Parent as LocalFunctionStatementSyntax);
        if (declaration is not null) RegisterReplacement(context, diagnostic, "Return 'Future'", Key, root, declaration, Retype(declaration));
        return Task.CompletedTask;
    }

    private static SyntaxNode Retype(SyntaxNode declaration) => declaration switch
    {
        MethodDeclarationSyntax m => m.WithReturnType(AwaitRewriter.FutureType().WithTriviaFrom(m.ReturnType)),
        LocalFunctionStatementSyntax l => l.WithReturnType(AwaitRewriter.FutureType().WithTriviaFrom(l.ReturnType)),
        _ => declaration,
    };
}
