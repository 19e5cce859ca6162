using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Coroutines;

/// <summary>
/// SQ3003: a verb method declared <c>async Task</c> or <c>async ValueTask</c> on a RequestHandler subclass.
/// The framework awaits a <c>Future</c> on the loop; a Task-returning verb is not a coroutine of the loop.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ3003TaskVerbMethod : SquallAnalyzer
{
    public const string Id = "SQ3003";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Verb method returns Task instead of Future",
        messageFormat: "Verb method '{0}' returns '{1}', which the handler does not await on the loop; change the return type to 'Future'",
        category: Categories.Coroutines,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Verb methods return void or Future; an async Task verb would run detached from the request's life cycle.",
        helpLinkUri: HelpLinks.For(Id));

    public SQ3003TaskVerbMethod() : base(Descriptor) { }

    private protected override bool AppliesTo(KnownSymbols known) => known.RequestHandler is not null;

    private protected override void Register(CompilationStartAnalysisContext start, KnownSymbols known) =>
        start.RegisterSymbolAction(c => Analyze(c, known), SymbolKind.Method);

    /// <summary>True for the verb methods this rule (rather than SQ2008) reports.</summary>
    internal static bool IsAsyncTaskVerb(IMethodSymbol method, KnownSymbols known) =>
        method.IsAsync
        && known.IsTaskLike(method.ReturnType)
        && method.MethodKind == MethodKind.Ordinary
        && !method.IsStatic
        && LoopContext.VerbMethods.Contains(method.Name)
        && known.IsRequestHandlerSubclass(method.ContainingType);

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (!IsAsyncTaskVerb(method, known)) return;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptor, method.Locations[0], method.Name, method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
    }
}
