using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Blocking;

/// <summary>SQ1001: a known blocking API (Thread.Sleep, Task.Result, File.ReadAllText, ...) called on the loop.</summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class SQ1001BlockingCallOnLoop : SquallAnalyzer
{
    public const string Id = "SQ1001";

    /// <summary>Diagnostic property: the <see cref="BlockingFix"/> the code fix may apply.</summary>
    public const string FixProperty = "Fix";
    /// <summary>Diagnostic property: the async method to call instead (for <see cref="BlockingFix.AsyncAlternative"/>).</summary>
    public const string AsyncMethodNameProperty = "AsyncMethodName";
    /// <summary>Diagnostic property: "true" when moving the call to RunInExecutor is a sound fix.</summary>
    public const string ExecutorProperty = "Executor";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Blocking call on the IOLoop thread",
        messageFormat: "'{0}' blocks the IOLoop thread; {1}",
        category: Categories.Blocking,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Code that runs on the loop (async Future methods, [Coroutine] methods, RequestHandler methods, loop callbacks) must not block: every other connection waits while it does.",
        helpLinkUri: HelpLinks.For(Id));

    /// <summary>
    /// The same rule for a method whose body runs on the loop only because it is passed as a method group to a loop
    /// scheduler (<c>loop.AddCallback(Tick)</c>): that is known once the whole compilation is seen, so it is reported
    /// at compilation end (in the build, not live in the editor).
    /// </summary>
    public static readonly DiagnosticDescriptor MethodGroupDescriptor = new(
        Id,
        title: Descriptor.Title,
        messageFormat: Descriptor.MessageFormat,
        category: Categories.Blocking,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: Descriptor.Description,
        helpLinkUri: HelpLinks.For(Id),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public SQ1001BlockingCallOnLoop() : base(Descriptor, MethodGroupDescriptor) { }

    private protected override bool AppliesTo(KnownSymbols known) => known.Future is not null;

    private protected override void Register(CompilationStartAnalysisContext start, KnownSymbols known)
    {
        var state = new MethodGroupCallbacks();
        start.RegisterOperationAction(c => AnalyzeMember(c, known, state, ((IInvocationOperation)c.Operation).TargetMethod), OperationKind.Invocation);
        start.RegisterOperationAction(c => AnalyzeMember(c, known, state, ((IPropertyReferenceOperation)c.Operation).Property), OperationKind.PropertyReference);
        start.RegisterOperationAction(c => state.RecordIfLoopCallback((IMethodReferenceOperation)c.Operation, known), OperationKind.MethodReference);
        start.RegisterCompilationEndAction(c => state.ReportDeferred(c));
    }

    private static void AnalyzeMember(OperationAnalysisContext context, KnownSymbols known, MethodGroupCallbacks state, ISymbol member)
    {
        var row = known.BlockingApis.Find(member);
        if (row is null) return;
        var syntax = context.Operation.Syntax;
        if (IsNameOf(syntax) || IsInMemoryStream(context.Operation, row, known)) return;
        var function = LoopContext.EnclosingFunction(syntax);
        if (function is null) return;
        var model = context.Operation.SemanticModel!;
        bool onLoop = known.Future is not null && LoopContext.FunctionRunsOnLoop(function, model, known, context.CancellationToken);
        if (!onLoop && function is not BaseMethodDeclarationSyntax) return;

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[FixProperty] = row.Fix.ToString();
        properties[ExecutorProperty] = row.OfferExecutor ? "true" : "false";
        if (row.AsyncAlternative is not null) properties[AsyncMethodNameProperty] = row.AsyncAlternative;

        var display = member.ContainingType.Name + "." + member.Name;
        if (onLoop)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptor, NameLocation(syntax), properties.ToImmutable(), display, row.Hint));
        }
        else if (context.ContainingSymbol is IMethodSymbol method)
        {
            // Maybe a method group handed to the loop somewhere else in the compilation: decide at the end.
            state.Defer(method, Diagnostic.Create(MethodGroupDescriptor, NameLocation(syntax), properties.ToImmutable(), display, row.Hint));
        }
    }

    /// <summary>The member name inside a call or member access (as VSTHRD103 reports it), else the whole node.</summary>
    internal static Location NameLocation(SyntaxNode syntax)
    {
        var expression = syntax is InvocationExpressionSyntax invocation ? invocation.Expression : syntax;
        return expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.GetLocation(),
            MemberBindingExpressionSyntax binding => binding.Name.GetLocation(),
            SimpleNameSyntax name => name.GetLocation(),
            _ => syntax.GetLocation(),
        };
    }

    /// <summary>A MemoryStream's synchronous Read/Write copy bytes in memory: nothing to wait for.</summary>
    private static bool IsInMemoryStream(IOperation operation, BlockingApi row, KnownSymbols known)
    {
        if (row.TypeMetadataName != "System.IO.Stream") return false;
        var receiver = (operation as IInvocationOperation)?.Instance?.Type;
        return known.DerivesFrom(receiver, known.MemoryStream) || known.DerivesFrom(receiver, known.UnmanagedMemoryStream);
    }

    private static bool IsNameOf(SyntaxNode syntax) =>
        syntax.Parent?.Parent?.Parent is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "nameof" } };
}
