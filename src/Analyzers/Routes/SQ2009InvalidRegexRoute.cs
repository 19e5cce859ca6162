using System;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>
/// SQ2009: a <c>[Route(Regex = ...)]</c> that is not a valid .NET regular expression, or whose capture-group count
/// differs from a verb method's parameter count (groups bind to parameters by position, as in Tornado).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2009InvalidRegexRoute : SquallAnalyzer
{
    public const string Id = "SQ2009";

    public static readonly DiagnosticDescriptor InvalidDescriptor = new(
        Id,
        title: "Invalid regex route",
        messageFormat: "Route regex '{0}' does not compile: {1}; fix the pattern",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public static readonly DiagnosticDescriptor GroupCountDescriptor = new(
        Id,
        title: "Invalid regex route",
        messageFormat: "Route regex '{0}' has {1} capture group(s) but '{2}' takes {3} parameter(s); groups bind to parameters by position, so make the counts equal",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ2009InvalidRegexRoute() : base(InvalidDescriptor, GroupCountDescriptor) { }

    private protected override bool AppliesTo(KnownSymbols known) => known.RouteAttribute is not null;

    private protected override void Register(CompilationStartAnalysisContext start, KnownSymbols known) =>
        start.RegisterSymbolAction(c => Analyze(c, known), SymbolKind.NamedType);

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        foreach (var route in RouteDeclaration.Of(type, known, context.CancellationToken))
        {
            if (route.Regex is not { } pattern) continue;
            Regex regex;
            try
            {
                regex = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                context.ReportDiagnostic(Diagnostic.Create(InvalidDescriptor, route.Location, pattern, e.Message));
                continue;
            }
            int groups = regex.GetGroupNumbers().Length - 1; // group 0 is the whole match
            if (!known.IsRequestHandlerSubclass(type)) continue;
            foreach (var verb in HandlerShape.VerbMethods(type, known))
            {
                if (verb.Parameters.Length == groups) continue;
                context.ReportDiagnostic(Diagnostic.Create(
                    GroupCountDescriptor, route.Location, pattern, groups, type.Name + "." + verb.Name, verb.Parameters.Length));
            }
        }
    }
}
