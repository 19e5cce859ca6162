using Microsoft.CodeAnalysis;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>SQ2010: a verb method declared more than once: a request picks its verb method by HTTP method alone.</summary>
[Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2010OverloadedVerb : HandlerProblemAnalyzer
{
    public const string Id = "SQ2010";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Verb method is overloaded",
        messageFormat: "'{0}' is declared {1} times, but a request chooses a verb method by its HTTP method alone; keep one '{2}' and give it optional parameters for the variants",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ2010OverloadedVerb() : base(Descriptor) { }
}
