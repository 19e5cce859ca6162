using Microsoft.CodeAnalysis;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>SQ2011: a verb method the generated dispatch cannot call: private or protected, or generic.</summary>
[Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2011VerbNotCallable : HandlerProblemAnalyzer
{
    public const string Id = "SQ2011";

    public static readonly DiagnosticDescriptor InaccessibleDescriptor = new(
        Id,
        title: "Generated dispatch cannot call the verb method",
        messageFormat: "Verb method '{0}' is {1}, so the generated dispatch cannot call it; make it public (or internal)",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public static readonly DiagnosticDescriptor GenericDescriptor = new(
        Id,
        title: "Generated dispatch cannot call the verb method",
        messageFormat: "Verb method '{0}' is generic, so nothing can supply its type arguments; remove its type parameters",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ2011VerbNotCallable() : base(InaccessibleDescriptor, GenericDescriptor) { }
}
