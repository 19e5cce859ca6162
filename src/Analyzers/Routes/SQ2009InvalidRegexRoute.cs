using Microsoft.CodeAnalysis;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>SQ2009: a <c>[Route(Regex = ...)]</c> that is not a valid .NET regular expression, or whose capture-group count
/// differs from a verb method's parameter count (groups bind to parameters by position, as in Tornado).</summary>
[Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2009InvalidRegexRoute : HandlerProblemAnalyzer
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
}
