using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>
/// SQ2003: a route that can never match because an earlier route of the same precedence matches every path it
/// does (e.g. <c>/items/{id:long}</c> declared before <c>/items/{id:int}</c>). Equal shapes are SQ2002's.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2003UnreachableRoute : SquallAnalyzer
{
    public const string Id = "SQ2003";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Route can never match",
        messageFormat: "Route '{0}' on '{1}' can never match: route '{2}' on '{3}' is tried first and matches every path it does; make the templates differ or reorder them",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Routes are tried by precedence (literal > typed > string > catch-all), then in declaration order.",
        helpLinkUri: HelpLinks.For(Id),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public SQ2003UnreachableRoute() : base(Descriptor) { }

    private protected override bool AppliesTo(KnownSymbols known) => known.RouteAttribute is not null;

    private protected override void Register(CompilationStartAnalysisContext start, KnownSymbols known)
    {
        var routes = new ConcurrentBag<RouteDeclaration>();
        start.RegisterSymbolAction(c => RouteTable.Collect(c, known, routes), SymbolKind.NamedType);
        start.RegisterCompilationEndAction(end =>
        {
            // Only routes with the same precedence at every segment can shadow each other: group by that first.
            var ordered = RouteTable.InDeclarationOrder(routes, end.Compilation);
            foreach (var group in ordered.GroupBy(r => RouteShapes.PrecedenceSignature(r.Template!)))
            {
                var list = group.ToList();
                for (int later = 1; later < list.Count; later++)
                {
                    for (int earlier = 0; earlier < later; earlier++)
                    {
                        var a = list[earlier];
                        var b = list[later];
                        if (a.Template!.MatchesSamePathsAs(b.Template!) || !RouteShapes.Shadows(a.Template, b.Template!)) continue;
                        end.ReportDiagnostic(Diagnostic.Create(
                            Descriptor, b.Location, b.TemplateText, b.Handler.Name, a.TemplateText, a.Handler.Name));
                        break;
                    }
                }
            }
        });
    }
}
