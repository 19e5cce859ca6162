using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Infrastructure;
using Squall.Generators.Handlers;

namespace Squall.Analyzers.Routes;

/// <summary>
/// SQ2008: a verb method returning something other than void or Future (or a subclass): the generator skips its
/// handler. Checked on every verb method of a RequestHandler subclass, routed or not, with the shared handler model's
/// rule. An <c>async Task</c> verb also gets SQ3003's warning, which carries the code fix.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2008VerbReturnType : SquallAnalyzer
{
    public const string Id = "SQ2008";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Verb method must return void or Future",
        messageFormat: "Verb method '{0}' returns '{1}'; a verb method returns 'void' or 'Future' (write the response with Write)",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ2008VerbReturnType() : base(Descriptor) { }

    private protected override bool AppliesTo(KnownSymbols known) => known.RequestHandler is not null;

    private protected override void Register(CompilationStartAnalysisContext start, KnownSymbols known) =>
        start.RegisterSymbolAction(c => Analyze(c, known), SymbolKind.Method);

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.MethodKind != MethodKind.Ordinary || method.IsStatic) return;
        // A WebSocket handler's Open takes the verb's place (route values, void or Future).
        bool entry = LoopContext.VerbMethods.Contains(method.Name)
            || (method.Name == "Open" && known.IsWebSocketHandlerSubclass(method.ContainingType));
        if (!entry || !known.IsRequestHandlerSubclass(method.ContainingType)) return;
        if (!known.HandlerTypes.IsComplete || HandlerModelBuilder.IsVerbReturnType(method, known.HandlerTypes)) return;
        var location = method.DeclaringSyntaxReferences.Length > 0
            && method.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is MethodDeclarationSyntax declaration
            ? declaration.ReturnType.GetLocation()
            : method.Locations[0];
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptor, location, method.Name, method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
    }
}
