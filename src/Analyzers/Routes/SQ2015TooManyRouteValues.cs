using Microsoft.CodeAnalysis;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>SQ2015: a template with more parameters than one match can hold (<c>RouteValues.Capacity</c>).</summary>
[Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2015TooManyRouteValues : HandlerProblemAnalyzer
{
    public const string Id = "SQ2015";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Route has too many parameters",
        messageFormat: "Route template '{0}' has {1} parameters, more than the {2} one route can hold; take fewer values from the path (a catch-all '{{*rest}}' takes the rest as one)",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ2015TooManyRouteValues() : base(Descriptor) { }
}
