using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.CodeFixes;

/// <summary>
/// The scaffolding every Squall fix shares: one rule ID, its fix-all provider, and the document's syntax root looked
/// up once. A fix says only which node it rewrites and how (<see cref="RegisterFixesAsync"/>).
/// </summary>
public abstract class SquallCodeFix : CodeFixProvider
{
    private readonly ImmutableArray<string> _fixableIds;
    private readonly FixAllProvider? _fixAll;

    /// <param name="diagnosticId">The rule this provider fixes.</param>
    /// <param name="fixAll">
    /// <see cref="WellKnownFixAllProviders.BatchFixer"/> when fixes are independent textual edits; null when a fix
    /// also edits the enclosing method (makes it async), where batched fixes would conflict.
    /// </param>
    private protected SquallCodeFix(string diagnosticId, FixAllProvider? fixAll)
    {
        _fixableIds = ImmutableArray.Create(diagnosticId);
        _fixAll = fixAll;
    }

    /// <inheritdoc />
    public sealed override ImmutableArray<string> FixableDiagnosticIds => _fixableIds;

    /// <inheritdoc />
    public sealed override FixAllProvider? GetFixAllProvider() => _fixAll;

    /// <inheritdoc />
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        await RegisterFixesAsync(context, context.Diagnostics[0], root).ConfigureAwait(false);
    }

    /// <summary>Registers the fixes for <paramref name="diagnostic"/>, if its node is one the fix understands.</summary>
    private protected abstract Task RegisterFixesAsync(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root);

    /// <summary>A fix that swaps <paramref name="node"/> for <paramref name="replacement"/> in <paramref name="root"/>.</summary>
    private protected static void RegisterReplacement(
        CodeFixContext context, Diagnostic diagnostic, string title, string key, SyntaxNode root, SyntaxNode node, SyntaxNode replacement)
    {
        context.RegisterCodeFix(
            CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(node, replacement))), key),
            diagnostic);
    }

    /// <summary>
    /// A fix that replaces <paramref name="node"/> with <c>await <paramref name="awaitedOperand"/></c> and makes the
    /// enclosing method or lambda able to await (<see cref="AwaitRewriter.PrepareAsyncContext"/>).
    /// </summary>
    private protected static void RegisterAwait(
        CodeFixContext context, Diagnostic diagnostic, string title, string key, ExpressionSyntax node, ExpressionSyntax awaitedOperand)
    {
        context.RegisterCodeFix(
            CodeAction.Create(title, ct => AwaitAsync(context.Document, node, awaitedOperand, ct), key),
            diagnostic);
    }

    private static async Task<Document> AwaitAsync(Document document, ExpressionSyntax node, ExpressionSyntax awaitedOperand, CancellationToken ct)
    {
        var editor = await DocumentEditor.CreateAsync(document, ct).ConfigureAwait(false);
        editor.ReplaceNode(node, AwaitRewriter.Await(awaitedOperand, node));
        AwaitRewriter.PrepareAsyncContext(node, editor.SemanticModel, KnownSymbols.For(editor.SemanticModel.Compilation), editor);
        return editor.GetChangedDocument();
    }
}
