using Microsoft.CodeAnalysis;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>SQ2012: a verb-method parameter declared ref, out, in or params: route values are passed by value, one per parameter.</summary>
[Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2012UnbindableParameterModifier : HandlerProblemAnalyzer
{
    public const string Id = "SQ2012";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Verb-method parameter cannot be bound",
        messageFormat: "Parameter '{0}' of '{1}' is declared '{2}', but route values are passed by value, one per parameter; remove '{2}'",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ2012UnbindableParameterModifier() : base(Descriptor) { }
}
