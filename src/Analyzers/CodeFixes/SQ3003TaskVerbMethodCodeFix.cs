using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Squall.Analyzers.Coroutines;

namespace Squall.Analyzers.CodeFixes;

/// <summary>
/// Fix for SQ3003: <c>async Task Get()</c> / <c>async ValueTask Get()</c> → <c>async Future Get()</c>. A
/// <c>Task&lt;T&gt;</c> verb returns a value the framework ignores; the fix backs off there (the body's returns would change).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SQ3003TaskVerbMethodCodeFix)), Shared]
public sealed class SQ3003TaskVerbMethodCodeFix : SquallCodeFix
{
    public const string Key = "SQ3003.Future";

    public SQ3003TaskVerbMethodCodeFix() : base(SQ3003TaskVerbMethod.Id, WellKnownFixAllProviders.BatchFixer) { }

    private protected override Task RegisterFixesAsync(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root)
    {
        if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is MethodDeclarationSyntax method
            && method.ReturnType is not (GenericNameSyntax or QualifiedNameSyntax { Right: GenericNameSyntax }))
        {
            var retyped = method.WithReturnType(AwaitRewriter.FutureType().WithTriviaFrom(method.ReturnType));
            RegisterReplacement(context, diagnostic, "Return 'Future'", Key, root, method, retyped);
        }
        return Task.CompletedTask;
    }
}
