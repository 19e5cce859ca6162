using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Blocking;

/// <summary>
/// SQ1002: on the loop, a synchronous call <c>Foo(...)</c> whose type (or an extension) offers an awaitable
/// <c>FooAsync(...)</c> — the general rule behind SQ1001's table, as vs-threading's VSTHRD103 does it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ1002UseAsyncAlternative : SquallAnalyzer
{
    public const string Id = "SQ1002";
    public const string AsyncMethodNameProperty = SQ1001BlockingCallOnLoop.AsyncMethodNameProperty;

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Call the awaitable alternative on the IOLoop thread",
        messageFormat: "'{0}' is synchronous and runs on the IOLoop thread; use 'await {1}(...)' instead",
        category: Categories.Blocking,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A method with an awaitable sibling named ...Async most likely does I/O or waits: on the loop, await the async one.",
        helpLinkUri: HelpLinks.For(Id));

    public SQ1002UseAsyncAlternative() : base(Descriptor) { }

    private protected override bool AppliesTo(KnownSymbols known) => known.Future is not null;

    private protected override void Register(CompilationStartAnalysisContext start, KnownSymbols known)
    {
        var cache = new AsyncLookupCache();
        start.RegisterOperationAction(c => Analyze(c, known, cache), OperationKind.Invocation);
    }

    /// <summary>
    /// TextWriter.Write/WriteLine (console and log output) are exempt: writers buffer, Console's async writes are
    /// synchronous underneath, and logging a line is how Tornado's own handlers report too. Flush is not exempt.
    /// </summary>
    private static bool IsTextOutput(IMethodSymbol method, KnownSymbols known) =>
        method.Name is "Write" or "WriteLine" && known.DerivesFrom(method.ContainingType, known.TextWriter);

    private static void Analyze(OperationAnalysisContext context, KnownSymbols known, AsyncLookupCache cache)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        // Cheap filters first: already async, awaitable itself, or SQ1001's business.
        if (method.Name.EndsWith("Async", StringComparison.Ordinal)) return;
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.ReducedExtension)) return;
        if (known.IsAwaitable(method.ReturnType)) return;
        if (known.BlockingApis.Find(method) is not null) return;
        if (IsTextOutput(method, known)) return;
        var model = invocation.SemanticModel!;
        var syntax = (InvocationExpressionSyntax)invocation.Syntax;
        if (!LoopContext.RunsOnLoop(syntax, model, known, context.CancellationToken)) return;

        ITypeSymbol? receiverType = invocation.Instance?.Type;
        if (method.IsExtensionMethod && syntax.Expression is MemberAccessExpressionSyntax access)
        {
            // Written `x.Foo()`: compare with the reduced form, as the lookup returns reduced extension methods.
            receiverType = model.GetTypeInfo(access.Expression, context.CancellationToken).Type;
            if (receiverType is not null && method.ReduceExtensionMethod(receiverType) is { } reduced) method = reduced;
        }
        var alternative = AsyncAlternativeFinder.Find(
            model, syntax.SpanStart, method, receiverType, context.ContainingSymbol, known, cache: cache, ct: context.CancellationToken);
        if (alternative is null) return;

        var properties = ImmutableDictionary<string, string?>.Empty.Add(AsyncMethodNameProperty, alternative.Name);
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptor, SQ1001BlockingCallOnLoop.NameLocation(syntax), properties, method.Name, alternative.Name));
    }
}
