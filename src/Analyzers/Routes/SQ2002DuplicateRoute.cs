using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>SQ2002: two routes with the same shape (parameter names erased), so one of them can never be chosen.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2002DuplicateRoute : SquallAnalyzer
{
    public const string Id = "SQ2002";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Duplicate route",
        messageFormat: "Route '{0}' on '{1}' matches the same paths as route '{2}' on '{3}'; remove one or change its template",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Two routes of the same shape: the first declared always wins.",
        helpLinkUri: HelpLinks.For(Id),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public SQ2002DuplicateRoute() : base(Descriptor) { }

    private protected override bool AppliesTo(KnownSymbols known) => known.RouteAttribute is not null;

    private protected override void Register(CompilationStartAnalysisContext start, KnownSymbols known)
    {
        var routes = new ConcurrentBag<RouteDeclaration>();
        start.RegisterSymbolAction(c => RouteTable.Collect(c, known, routes), SymbolKind.NamedType);
        start.RegisterCompilationEndAction(end =>
        {
            foreach (var group in RouteTable.InDeclarationOrder(routes, end.Compilation).GroupBy(r => RouteShapes.Key(r.Template!)))
            {
                var first = group.First();
                foreach (var duplicate in group.Skip(1))
                {
                    end.ReportDiagnostic(Diagnostic.Create(
                        Descriptor, duplicate.Location, duplicate.TemplateText, duplicate.Handler.Name, first.TemplateText, first.Handler.Name));
                }
            }
        });
    }
}
