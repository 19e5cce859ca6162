using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>SQ2001: a [Route] template that does not parse (braces, names, constraints, catch-all position).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2001MalformedRouteTemplate : SquallAnalyzer
{
    public const string Id = "SQ2001";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Malformed route template",
        messageFormat: "Route template '{0}' is malformed: {1}",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Route templates are checked at compile time: a malformed template would never match.",
        helpLinkUri: HelpLinks.For(Id));

    public SQ2001MalformedRouteTemplate() : base(Descriptor) { }

    private protected override bool AppliesTo(KnownSymbols known) => known.RouteAttribute is not null;

    private protected override void Register(CompilationStartAnalysisContext start, KnownSymbols known) =>
        start.RegisterSymbolAction(c => Analyze(c, known), SymbolKind.NamedType);

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known)
    {
        foreach (var route in RouteDeclaration.Of((INamedTypeSymbol)context.Symbol, known, context.CancellationToken))
        {
            if (route.TemplateText is null)
            {
                if (route.Regex is null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptor, route.Location, "", "a [Route] needs a template (\"/path/{id:int}\") or a Regex."));
                }
                continue;
            }
            // The shared parser's messages already say how to fix the template; report the first problem.
            if (route.Parsed is { IsValid: false } parsed)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptor, route.Location, route.TemplateText, parsed.Errors[0].Message));
            }
        }
    }
}
