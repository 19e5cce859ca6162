using Microsoft.CodeAnalysis;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>SQ2004: a route parameter no verb-method parameter takes, or a verb-method parameter no route supplies
/// (route values bind to verb-method parameters by name). Parameters with a default may stay unbound.</summary>
[Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2004UnboundRouteParameter : HandlerProblemAnalyzer
{
    public const string Id = "SQ2004";

    public static readonly DiagnosticDescriptor RouteParameterDescriptor = new(
        Id,
        title: "Route parameter and verb-method parameter do not match",
        messageFormat: "Route parameter '{0}' of '{1}' has no parameter of that name on '{2}'; add a parameter '{0}' to '{2}' or rename it",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public static readonly DiagnosticDescriptor MethodParameterDescriptor = new(
        Id,
        title: "Route parameter and verb-method parameter do not match",
        messageFormat: "Parameter '{0}' of '{1}' is not in route '{2}'; add '{{{0}}}' to the template, give it a default value or remove it",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ2004UnboundRouteParameter() : base(RouteParameterDescriptor, MethodParameterDescriptor) { }
}
