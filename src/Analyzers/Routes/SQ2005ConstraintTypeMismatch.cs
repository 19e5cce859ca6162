using Microsoft.CodeAnalysis;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>SQ2005: a route value bound to a parameter of a type it cannot become: <c>{id:int}</c> to a <c>Guid</c>, a
/// catch-all or an unconstrained segment to an <c>int</c>, a regex group to anything but a string. Binding any route
/// value to <c>string</c> is fine; a typed segment binds to its type or its nullable.</summary>
[Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2005ConstraintTypeMismatch : HandlerProblemAnalyzer
{
    public const string Id = "SQ2005";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Route constraint and parameter type disagree",
        messageFormat: "Parameter '{0}' is '{1}' but route '{2}' gives it as '{3}'; {4}",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public static readonly DiagnosticDescriptor RegexDescriptor = new(
        Id,
        title: "Route constraint and parameter type disagree",
        messageFormat: "Parameter '{0}' is '{1}' but regex route '{2}' gives every group as a string; declare it as 'string' (or 'string?' for an optional group)",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ2005ConstraintTypeMismatch() : base(Descriptor, RegexDescriptor) { }
}
