using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Blocking;

/// <summary>
/// Per-compilation state for methods that run on the loop because they are passed as method groups to a loop
/// scheduler (<c>loop.AddCallback(Tick)</c>, <c>new PeriodicCallback(Tick, ...)</c>). Blocking calls in other
/// methods are held back until compilation end and reported only if their method turned out to be such a callback.
/// </summary>
internal sealed class MethodGroupCallbacks
{
    private readonly ConcurrentDictionary<IMethodSymbol, byte> _loopCallbacks = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentBag<(IMethodSymbol Method, Diagnostic Diagnostic)> _deferred = new();

    public void RecordIfLoopCallback(IMethodReferenceOperation reference, KnownSymbols known)
    {
        var argument = reference.Parent is IDelegateCreationOperation creation ? creation.Parent : reference.Parent;
        if (argument is not IArgumentOperation { Parent: { } call }) return;
        var target = call switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation construction => construction.Constructor,
            _ => null,
        };
        if (target is null || LoopContext.ClassifyTarget(target, known) != LoopContext.Receiver.Loop) return;
        _loopCallbacks.TryAdd(reference.Method.OriginalDefinition, 0);
    }

    public void Defer(IMethodSymbol method, Diagnostic diagnostic) => _deferred.Add((method.OriginalDefinition, diagnostic));

    public void ReportDeferred(CompilationAnalysisContext context)
    {
        if (_loopCallbacks.IsEmpty) return;
        foreach (var (method, diagnostic) in _deferred)
        {
            if (_loopCallbacks.ContainsKey(method)) context.ReportDiagnostic(diagnostic);
        }
    }
}
