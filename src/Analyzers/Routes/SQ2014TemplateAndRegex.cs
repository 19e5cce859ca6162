using Microsoft.CodeAnalysis;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>SQ2014: a [Route] with both a template and a Regex: which one should match is not said.</summary>
[Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2014TemplateAndRegex : HandlerProblemAnalyzer
{
    public const string Id = "SQ2014";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Route has both a template and a regex",
        messageFormat: "The route on '{2}' has both template '{0}' and Regex '{1}'; a route is one or the other, so remove one (add a second [Route] for the other)",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ2014TemplateAndRegex() : base(Descriptor) { }
}
