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
/// Fix for SQ3003: <c>async Task Get()</c> / <c>async ValueTask Get()</c> → <c>async Future Get()</c>. A
/// <c>Task&lt;T&gt;</c> verb returns a value the framework ignores; the fix backs off there (the body's returns would change).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SQ3003TaskVerbMethodCodeFix)), Shared]
public sealed class SQ3003TaskVerbMethodCodeFix : CodeFixProvider
{
    public const string Key = "SQ3003.Future";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(SQ3003TaskVerbMethod.Id);

    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not MethodDeclarationSyntax method) return;
        if (method.ReturnType is GenericNameSyntax or QualifiedNameSyntax { Right: GenericNameSyntax }) return;
        var retyped = method.WithReturnType(AwaitRewriter.FutureType().WithTriviaFrom(method.ReturnType));
        context.RegisterCodeFix(
            CodeAction.Create("Return 'Future'", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method, retyped))), Key),
            diagnostic);
    }
}
