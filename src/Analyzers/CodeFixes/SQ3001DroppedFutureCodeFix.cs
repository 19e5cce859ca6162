using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Squall.Analyzers.Coroutines;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.CodeFixes;

/// <summary>Fixes for SQ3001: <c>await F();</c>, or <c>IOLoop.Current.SpawnCallback(() => F());</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SQ3001DroppedFutureCodeFix)), Shared]
public sealed class SQ3001DroppedFutureCodeFix : CodeFixProvider
{
    public const string AwaitKey = "SQ3001.Await";
    public const string SpawnKey = "SQ3001.SpawnCallback";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(SQ3001DroppedFuture.Id);

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call) return;
        if (call.Parent is not ExpressionStatementSyntax) return;
        var known = KnownSymbols.For(model.Compilation);

        if (AwaitRewriter.PrepareAsyncContext(call, model, known, editor: null))
        {
            context.RegisterCodeFix(CodeAction.Create("Await the Future", ct => AwaitAsync(context.Document, call, ct), AwaitKey), diagnostic);
        }
        context.RegisterCodeFix(
            CodeAction.Create("Start it with 'IOLoop.Current.SpawnCallback'", ct => SpawnAsync(context.Document, call, ct), SpawnKey),
            diagnostic);
    }

    private static async Task<Document> AwaitAsync(Document document, InvocationExpressionSyntax call, CancellationToken ct)
    {
        var editor = await DocumentEditor.CreateAsync(document, ct).ConfigureAwait(false);
        editor.ReplaceNode(call, AwaitRewriter.Await(call, call));
        AwaitRewriter.PrepareAsyncContext(call, editor.SemanticModel, KnownSymbols.For(editor.SemanticModel.Compilation), editor);
        return editor.GetChangedDocument();
    }

    private static async Task<Document> SpawnAsync(Document document, InvocationExpressionSyntax call, CancellationToken ct)
    {
        var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
        var spawn = AwaitRewriter.CurrentLoopCall("SpawnCallback", call).WithTriviaFrom(call);
        return document.WithSyntaxRoot(root!.ReplaceNode(call, spawn));
    }
}
