using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Squall.Analyzers.Blocking;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.CodeFixes;

/// <summary>Fix for SQ1002: <c>Foo(...)</c> → <c>await FooAsync(...)</c> (the name comes from the diagnostic).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SQ1002UseAsyncAlternativeCodeFix)), Shared]
public sealed class SQ1002UseAsyncAlternativeCodeFix : SquallSemanticCodeFix
{
    public const string Key = "SQ1002.AsyncAlternative";

    public SQ1002UseAsyncAlternativeCodeFix() : base(SQ1002UseAsyncAlternative.Id, fixAll: null) { }

    private protected override void RegisterFixes(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model, KnownSymbols known)
    {
        if (!diagnostic.Properties.TryGetValue(SQ1002UseAsyncAlternative.AsyncMethodNameProperty, out var asyncName) || asyncName is null) return;
        if (BlockingNodes.FromName(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)) is not InvocationExpressionSyntax invocation) return;
        if (!AwaitRewriter.PrepareAsyncContext(invocation, model, known, editor: null)) return;
        var replacement = AsyncCallRewriter.Rewrite(invocation, model, known, asyncName, context.CancellationToken);
        if (replacement is null) return;
        RegisterAwait(context, diagnostic, $"Use 'await {asyncName}(...)'", Key, invocation, replacement);
    }
}
