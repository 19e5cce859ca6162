using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Squall.Analyzers.Infrastructure;

/// <summary>
/// The registration every Squall rule shares: concurrent, generated code skipped, one <see cref="KnownSymbols"/>
/// per compilation, and silence in a compilation that lacks the types the rule is about. A rule says only which
/// types it needs (<see cref="AppliesTo"/>) and what it listens to (<see cref="Register"/>).
/// </summary>
public abstract class SquallAnalyzer : DiagnosticAnalyzer
{
    private readonly ImmutableArray<DiagnosticDescriptor> _supported;

    private protected SquallAnalyzer(params DiagnosticDescriptor[] descriptors) => _supported = ImmutableArray.Create(descriptors);

    /// <inheritdoc />
    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => _supported;

    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var known = KnownSymbols.For(start.Compilation);
            if (AppliesTo(known)) Register(start, known);
        });
    }

    /// <summary>False when the compilation lacks a type the rule needs (it does not reference Squall, say).</summary>
    private protected abstract bool AppliesTo(KnownSymbols known);

    /// <summary>The rule's actions for one compilation.</summary>
    private protected abstract void Register(CompilationStartAnalysisContext start, KnownSymbols known);
}
