using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Infrastructure;
using Squall.Generators.Handlers;

namespace Squall.Analyzers.Routes;

/// <summary>
/// SQ2017: a template route the generator gives no typed URL builder, because an earlier route already has a builder
/// of the same name and parameter types (two <c>UserHandler</c>s in different namespaces, a repeated <c>Name</c>), or
/// because its default name (the handler's, less <c>Handler</c>) is a keyword or an object member. The route itself is
/// served; only <c>Urls.Name(...)</c> is missing or builds the other route's URL.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2017UrlBuilderNotGenerated : SquallAnalyzer
{
    public const string Id = "SQ2017";

    public static readonly DiagnosticDescriptor DuplicateDescriptor = new(
        Id,
        title: "Route gets no URL builder",
        messageFormat: "Route '{0}' on '{1}' gets no URL builder: 'Urls.{2}' is already generated for route '{3}' on '{4}'; give one of them another Name",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor UnusableNameDescriptor = new(
        Id,
        title: "Route gets no URL builder",
        messageFormat: "Route '{0}' on '{1}' gets no URL builder: its default name '{2}' is a keyword or a member of every object; give it a Name",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public SQ2017UrlBuilderNotGenerated() : base(DuplicateDescriptor, UnusableNameDescriptor) { }

    private protected override bool AppliesTo(KnownSymbols known) => known.HandlerTypes.IsComplete;

    private protected override void Register(CompilationStartAnalysisContext start, KnownSymbols known)
    {
        var routes = new ConcurrentBag<(RouteDeclaration Route, string Name, string Signature)>();
        start.RegisterSymbolAction(c => Collect(c, known, routes), SymbolKind.NamedType);
        start.RegisterCompilationEndAction(end =>
        {
            var byDeclaration = routes.ToDictionary(r => r.Route);
            var first = new Dictionary<string, RouteDeclaration>();
            foreach (var route in RouteTable.InDeclarationOrder(byDeclaration.Keys, end.Compilation))
            {
                var (_, name, signature) = byDeclaration[route];
                if (!UrlBuilderNames.IsUsable(name))
                {
                    end.ReportDiagnostic(Diagnostic.Create(UnusableNameDescriptor, route.Location, route.TemplateText, route.Handler.Name, name));
                }
                else if (first.TryGetValue(signature, out var earlier))
                {
                    end.ReportDiagnostic(Diagnostic.Create(DuplicateDescriptor, route.Location,
                        route.TemplateText, route.Handler.Name, signature.Replace("global::", ""), earlier.TemplateText, earlier.Handler.Name));
                }
                else
                {
                    first.Add(signature, route);
                }
            }
        });
    }

    // Only handlers the generator emits (no problem) get builders; their template routes in attribute order.
    private static void Collect(SymbolAnalysisContext context, KnownSymbols known, ConcurrentBag<(RouteDeclaration, string, string)> routes)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (known.HandlerModelOf(type, context.CancellationToken).Spec is not { } spec) return;
        var declarations = RouteDeclaration.Of(type, known, context.CancellationToken);
        for (int i = 0; i < spec.Routes.Count && i < declarations.Count; i++)
        {
            var route = spec.Routes[i];
            if (route.IsRegex) continue;
            routes.Add((declarations[i], UrlBuilderNames.NameOf(route, spec.Name), UrlBuilderNames.Signature(route, spec.Name)));
        }
    }
}
