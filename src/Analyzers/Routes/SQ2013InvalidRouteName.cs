using Microsoft.CodeAnalysis;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>SQ2013: a route <c>Name</c> that cannot name its URL builder <c>Squall.Generated.Urls.Name(...)</c>.</summary>
[Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2013InvalidRouteName : HandlerProblemAnalyzer
{
    public const string Id = "SQ2013";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Route name is not a usable method name",
        messageFormat: "Route name '{0}' on '{1}' cannot name the URL builder 'Urls.{0}(...)'; use a C# identifier that is neither a keyword nor an object member (Equals, ToString, ...)",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ2013InvalidRouteName() : base(Descriptor) { }
}
