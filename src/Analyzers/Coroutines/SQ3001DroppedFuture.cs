using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Coroutines;

/// <summary>
/// SQ3001: a call's Future is dropped (an expression statement): nobody awaits it and its exception is lost.
/// Awaiting, returning, storing, passing it on or discarding it explicitly (<c>_ = F();</c>) all observe it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ3001DroppedFuture : SquallAnalyzer
{
    public const string Id = "SQ3001";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Future is dropped",
        messageFormat: "The Future returned by '{0}' is dropped; 'await' it, or start it with 'IOLoop.Current.SpawnCallback(...)' so its errors are logged",
        category: Categories.Coroutines,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A Future nobody observes hides its exception and lets the caller race ahead of the work it started.",
        helpLinkUri: HelpLinks.For(Id));

    public SQ3001DroppedFuture() : base(Descriptor) { }

    private protected override bool AppliesTo(KnownSymbols known) => known.Future is not null;

    private protected override void Register(CompilationStartAnalysisContext start, KnownSymbols known) =>
        start.RegisterOperationAction(c => Analyze(c, known), OperationKind.ExpressionStatement);

    private static void Analyze(OperationAnalysisContext context, KnownSymbols known)
    {
        var statement = (IExpressionStatementOperation)context.Operation;
        var operation = statement.Operation;
        while (operation is IConditionalAccessOperation conditional) operation = conditional.WhenNotNull;
        if (operation is not IInvocationOperation invocation) return;
        if (!known.IsFuture(invocation.Type)) return;
        context.ReportDiagnostic(Diagnostic.Create(Descriptor, statement.Operation.Syntax.GetLocation(), invocation.TargetMethod.Name));
    }
}
