using System;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Squall.Analyzers.Blocking;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.CodeFixes;

/// <summary>
/// Fixes for SQ1001: <c>Thread.Sleep(x)</c> → <c>await Gen.Sleep(...)</c>; <c>.Result</c>/<c>.Wait()</c>/
/// <c>GetAwaiter().GetResult()</c> → <c>await</c>; <c>Foo(...)</c> → <c>await FooAsync(...)</c>; and for any
/// blocking call, <c>await IOLoop.Current.RunInExecutor(() => ...)</c>. Sync verb methods become <c>async Future</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SQ1001BlockingCallCodeFix)), Shared]
public sealed class SQ1001BlockingCallCodeFix : SquallSemanticCodeFix
{
    public const string SleepKey = "SQ1001.Sleep";
    public const string AwaitKey = "SQ1001.Await";
    public const string AsyncAlternativeKey = "SQ1001.AsyncAlternative";
    public const string ExecutorKey = "SQ1001.RunInExecutor";

    public SQ1001BlockingCallCodeFix() : base(SQ1001BlockingCallOnLoop.Id, fixAll: null) { }

    private protected override void RegisterFixes(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model, KnownSymbols known)
    {
        var node = BlockingNodes.FromName(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true));
        if (node is null) return;
        if (!AwaitRewriter.PrepareAsyncContext(node, model, known, editor: null)) return;

        diagnostic.Properties.TryGetValue(SQ1001BlockingCallOnLoop.FixProperty, out var fixName);
        Enum.TryParse<BlockingFix>(fixName, out var fix);
        switch (fix)
        {
            case BlockingFix.Sleep when SleepReplacement(node, model) is { } sleep:
                RegisterAwait(context, diagnostic, "Use 'await Gen.Sleep(...)'", SleepKey, node, sleep);
                break;
            case BlockingFix.Await when AwaitedOperand(node) is { } operand:
                RegisterAwait(context, diagnostic, "Await instead of blocking", AwaitKey, node, operand);
                break;
            case BlockingFix.AsyncAlternative
                when diagnostic.Properties.TryGetValue(SQ1001BlockingCallOnLoop.AsyncMethodNameProperty, out var asyncName)
                    && node is InvocationExpressionSyntax invocation
                    && AsyncCallRewriter.Rewrite(invocation, model, known, asyncName!, context.CancellationToken) is { } asyncCall:
                RegisterAwait(context, diagnostic, $"Use 'await {asyncName}(...)'", AsyncAlternativeKey, node, asyncCall);
                break;
        }

        if (diagnostic.Properties.TryGetValue(SQ1001BlockingCallOnLoop.ExecutorProperty, out var executor) && executor == "true")
        {
            RegisterAwait(context, diagnostic, "Run it off the loop with 'IOLoop.Current.RunInExecutor'", ExecutorKey, node, RunInExecutor(node));
        }
    }

    /// <summary><c>Thread.Sleep(ms)</c> → <c>Gen.Sleep(TimeSpan.FromMilliseconds(ms))</c>; a TimeSpan argument is kept.</summary>
    private static ExpressionSyntax? SleepReplacement(ExpressionSyntax node, SemanticModel model)
    {
        if (node is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } invocation) return null;
        var argument = invocation.ArgumentList.Arguments[0].Expression;
        var type = model.GetTypeInfo(argument).Type;
        ExpressionSyntax? delay = type?.SpecialType == SpecialType.System_Int32
            ? SyntaxFactory.InvocationExpression(
                AwaitRewriter.StaticMember("System.TimeSpan", "FromMilliseconds"),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument.WithoutTrivia()))))
            : type?.Name == "TimeSpan" ? argument.WithoutTrivia() : null;
        if (delay is null) return null;
        return SyntaxFactory.InvocationExpression(
            AwaitRewriter.StaticMember("Squall.Gen", "Sleep"),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(delay))));
    }

    /// <summary>The task or future under <c>t.Result</c>, <c>t.Wait()</c> or <c>t.GetAwaiter().GetResult()</c>.</summary>
    private static ExpressionSyntax? AwaitedOperand(ExpressionSyntax node)
    {
        switch (node)
        {
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result:
                return result.Expression;
            case InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax access }:
                if (access.Name.Identifier.ValueText == "Wait") return access.Expression;
                if (access.Name.Identifier.ValueText == "GetResult"
                    && access.Expression is InvocationExpressionSyntax
                    {
                        ArgumentList.Arguments.Count: 0,
                        Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter,
                    })
                {
                    return getAwaiter.Expression;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary><c>IOLoop.Current.RunInExecutor(() => node)</c>: the thread pool runs it, the result comes back on the loop.</summary>
    private static ExpressionSyntax RunInExecutor(ExpressionSyntax node) => AwaitRewriter.CurrentLoopCall("RunInExecutor", node);
}
