using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Squall.Analyzers.Blocking;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.CodeFixes;

/// <summary>Fix for SQ1002: <c>Foo(...)</c> → <c>await FooAsync(...)</c> (the name comes from the diagnostic).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SQ1002UseAsyncAlternativeCodeFix)), Shared]
public sealed class SQ1002UseAsyncAlternativeCodeFix : CodeFixProvider
{
    public const string Key = "SQ1002.AsyncAlternative";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(SQ1002UseAsyncAlternative.Id);

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.TryGetValue(SQ1002UseAsyncAlternative.AsyncMethodNameProperty, out var asyncName) || asyncName is null) return;
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        if (BlockingNodes.FromName(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)) is not InvocationExpressionSyntax invocation) return;
        var known = KnownSymbols.For(model.Compilation);
        if (!AwaitRewriter.PrepareAsyncContext(invocation, model, known, editor: null)) return;
        var replacement = AsyncCallRewriter.Rewrite(invocation, model, known, asyncName, context.CancellationToken);
        if (replacement is null) return;
        context.RegisterCodeFix(
            CodeAction.Create($"Use 'await {asyncName}(...)'", ct => ApplyAsync(context.Document, invocation, replacement, ct), Key),
            diagnostic);
    }

    private static async Task<Document> ApplyAsync(Document document, InvocationExpressionSyntax invocation, ExpressionSyntax replacement, CancellationToken ct)
    {
        var editor = await DocumentEditor.CreateAsync(document, ct).ConfigureAwait(false);
        editor.ReplaceNode(invocation, AwaitRewriter.Await(replacement, invocation));
        AwaitRewriter.PrepareAsyncContext(invocation, editor.SemanticModel, KnownSymbols.For(editor.SemanticModel.Compilation), editor);
        return editor.GetChangedDocument();
    }
}
