using Microsoft.CodeAnalysis;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>SQ2006: [Route] on a class the generated dispatch cannot name or create: not a RequestHandler subclass,
/// abstract or static, generic, invisible to generated code (private, protected, file-local), or without an accessible
/// parameterless constructor (the generated code calls <c>new H()</c>).</summary>
[Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2006RouteOnNonHandler : HandlerProblemAnalyzer
{
    public const string Id = "SQ2006";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "[Route] on a class that cannot be a handler",
        messageFormat: "'{0}' has [Route] but {1}; put routes on public or internal, non-generic, non-abstract RequestHandler subclasses with a public or internal parameterless constructor",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ2006RouteOnNonHandler() : base(Descriptor) { }
}
