using Microsoft.CodeAnalysis;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>SQ2001: a [Route] template that does not parse (braces, names, constraints, catch-all position), or no template at all.</summary>
[Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2001MalformedRouteTemplate : HandlerProblemAnalyzer
{
    public const string Id = "SQ2001";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Malformed route template",
        messageFormat: "Route template '{0}' is malformed: {1}",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ2001MalformedRouteTemplate() : base(Descriptor) { }
}
