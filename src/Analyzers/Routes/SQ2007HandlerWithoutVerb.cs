using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>SQ2007: a routed handler with no verb method: every request to it gets 405.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2007HandlerWithoutVerb : DiagnosticAnalyzer
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

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptor);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var known = KnownSymbols.For(start.Compilation);
            if (known.RouteAttribute is null || known.RequestHandler is null) return;
            start.RegisterSymbolAction(c => Analyze(c, known), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.IsAbstract || !known.IsRequestHandlerSubclass(type)) return;
        if (RouteDeclaration.Of(type, known, context.CancellationToken).Count == 0) return;
        if (HandlerShape.VerbMethods(type, known).Count > 0) return;
        context.ReportDiagnostic(Diagnostic.Create(Descriptor, type.Locations[0], type.Name));
    }
}
