using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>
/// SQ2004: a route parameter no verb-method parameter takes, or a verb-method parameter no route supplies
/// (route values bind to verb-method parameters by name). Optional parameters may stay unbound.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2004UnboundRouteParameter : SquallAnalyzer
{
    public const string Id = "SQ2004";

    public static readonly DiagnosticDescriptor RouteParameterDescriptor = new(
        Id,
        title: "Route parameter and verb-method parameter do not match",
        messageFormat: "Route parameter '{0}' of '{1}' has no parameter of that name on '{2}'; add a parameter '{0}' to '{2}' or rename it",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public static readonly DiagnosticDescriptor MethodParameterDescriptor = new(
        Id,
        title: "Route parameter and verb-method parameter do not match",
        messageFormat: "Parameter '{0}' of '{1}' is not in route '{2}'; add '{{{0}}}' to the template, make it optional or remove it",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ2004UnboundRouteParameter() : base(RouteParameterDescriptor, MethodParameterDescriptor) { }

    private protected override bool AppliesTo(KnownSymbols known) => known.RouteAttribute is not null && known.RequestHandler is not null;

    private protected override void Register(CompilationStartAnalysisContext start, KnownSymbols known) =>
        start.RegisterSymbolAction(c => Analyze(c, known), SymbolKind.NamedType);

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known)
    {
        var handler = (INamedTypeSymbol)context.Symbol;
        if (!HandlerShape.TryGetTemplateRoutes(handler, known, context.CancellationToken, out var routes, out var verbs)) return;
        foreach (var (route, template) in routes)
        {
            foreach (var verb in verbs)
            {
                string verbName = handler.Name + "." + verb.Name;
                foreach (var parameter in template.Parameters)
                {
                    if (verb.Parameters.Any(p => p.Name == parameter.Text)) continue;
                    context.ReportDiagnostic(Diagnostic.Create(RouteParameterDescriptor, route.Location, parameter.Text, route.TemplateText, verbName));
                }
                foreach (var parameter in verb.Parameters)
                {
                    if (parameter.IsOptional || template.Parameters.Any(p => p.Text == parameter.Name)) continue;
                    var location = parameter.Locations.FirstOrDefault(l => l.IsInSource) ?? route.Location;
                    context.ReportDiagnostic(Diagnostic.Create(MethodParameterDescriptor, location, parameter.Name, verbName, route.TemplateText));
                }
            }
        }
    }
}
