using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Squall.Analyzers.Coroutines;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.CodeFixes;

/// <summary>Fixes for SQ3001: <c>await F();</c>, or <c>IOLoop.Current.SpawnCallback(() => F());</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SQ3001DroppedFutureCodeFix)), Shared]
public sealed class SQ3001DroppedFutureCodeFix : SquallSemanticCodeFix
{
    public const string AwaitKey = "SQ3001.Await";
    public const string SpawnKey = "SQ3001.SpawnCallback";

    public SQ3001DroppedFutureCodeFix() : base(SQ3001DroppedFuture.Id, fixAll: null) { }

    private protected override void RegisterFixes(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model, KnownSymbols known)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call) return;
        if (call.Parent is not ExpressionStatementSyntax) return;

        if (AwaitRewriter.PrepareAsyncContext(call, model, known, editor: null))
        {
            RegisterAwait(context, diagnostic, "Await the Future", AwaitKey, call, call);
        }
        var spawn = AwaitRewriter.CurrentLoopCall("SpawnCallback", call).WithTriviaFrom(call);
        RegisterReplacement(context, diagnostic, "Start it with 'IOLoop.Current.SpawnCallback'", SpawnKey, root, call, spawn);
    }
}
