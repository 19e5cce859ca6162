using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>
/// The shape of every rule that reports the shared handler model's problems: for each [Route] class, build (or
/// reuse) its model and report the problems whose diagnostic (<see cref="HandlerProblemDiagnostics"/>) is this rule's.
/// The generator skips exactly the classes these rules report, so no handler disappears in silence.
/// </summary>
public abstract class HandlerProblemAnalyzer : SquallAnalyzer
{
    private readonly ImmutableArray<DiagnosticDescriptor> _descriptors;

    private protected HandlerProblemAnalyzer(params DiagnosticDescriptor[] descriptors) : base(descriptors) =>
        _descriptors = ImmutableArray.Create(descriptors);

    private protected sealed override bool AppliesTo(KnownSymbols known) => known.HandlerTypes.IsComplete;

    private protected sealed override void Register(CompilationStartAnalysisContext start, KnownSymbols known) =>
        start.RegisterSymbolAction(c => Analyze(c, known), SymbolKind.NamedType);

    private void Analyze(SymbolAnalysisContext context, KnownSymbols known)
    {
        var model = known.HandlerModelOf((INamedTypeSymbol)context.Symbol, context.CancellationToken);
        foreach (var problem in model.Problems)
        {
            var descriptor = HandlerProblemDiagnostics.DescriptorFor(problem.Kind);
            if (!_descriptors.Contains(descriptor)) continue;
            context.ReportDiagnostic(Diagnostic.Create(descriptor, problem.Location, problem.Arguments));
        }
    }
}
