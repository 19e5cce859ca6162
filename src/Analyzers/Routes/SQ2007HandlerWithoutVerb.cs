using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>SQ2007: a routed handler with no verb method: every request to it gets 405.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2007HandlerWithoutVerb : SquallAnalyzer
{
    public const string Id = "SQ2007";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Handler has no verb method",
        messageFormat: "Handler '{0}' has a route but no verb method, so every request gets 405; add 'Get', 'Post', 'Put', 'Delete', 'Patch', 'Head' or 'Options'",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ2007HandlerWithoutVerb() : base(Descriptor) { }

    private protected override bool AppliesTo(KnownSymbols known) => known.RouteAttribute is not null && known.RequestHandler is not null;

    private protected override void Register(CompilationStartAnalysisContext start, KnownSymbols known) =>
        start.RegisterSymbolAction(c => Analyze(c, known), SymbolKind.NamedType);

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.IsAbstract || !known.IsRequestHandlerSubclass(type) || !known.HandlerTypes.IsComplete) return;
        if (RouteDeclaration.Of(type, known, context.CancellationToken).Count == 0) return;
        // A verb method in a shape the generator cannot call is another rule's (SQ2008, SQ2010-SQ2012): only "none at all" is this one's.
        if (known.HandlerModelOf(type, context.CancellationToken).EntryMethodCount > 0) return;
        context.ReportDiagnostic(Diagnostic.Create(Descriptor, type.Locations[0], type.Name));
    }
}
