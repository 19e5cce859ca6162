using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Squall.Analyzers.Infrastructure;
using Squall.Generators.Routing;

namespace Squall.Analyzers.Routes;

/// <summary>One <c>[Route]</c> on a class: its template or regex, where to point diagnostics, and the parse result.</summary>
internal sealed class RouteDeclaration
{
    private RouteDeclaration(INamedTypeSymbol handler, AttributeData attribute, string? template, string? regex, Location location)
    {
        Handler = handler;
        Attribute = attribute;
        TemplateText = template;
        Regex = regex;
        Location = location;
        if (template is not null) Parsed = RouteTemplate.Parse(template);
    }

    public INamedTypeSymbol Handler { get; }
    public AttributeData Attribute { get; }
    public string? TemplateText { get; }
    public string? Regex { get; }
    /// <summary>The template (or Regex) string literal; the attribute when neither is written literally.</summary>
    public Location Location { get; }
    /// <summary>The parsed template (null for a Regex-only route); it carries its errors as data.</summary>
    public RouteTemplate? Parsed { get; }
    /// <summary>The parsed template when it is valid.</summary>
    public RouteTemplate? Template => Parsed is { IsValid: true } t ? t : null;

    /// <summary>The [Route] attributes declared on <paramref name="type"/>, in source order.</summary>
    public static List<RouteDeclaration> Of(INamedTypeSymbol type, KnownSymbols known, CancellationToken ct)
    {
        var routes = new List<RouteDeclaration>();
        foreach (var attribute in type.GetAttributes())
        {
            if (!KnownSymbols.Same(attribute.AttributeClass, known.RouteAttribute)) continue;
            string? template = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
            string? regex = null;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Regex") regex = named.Value.Value as string;
            }
            routes.Add(new RouteDeclaration(type, attribute, template, regex, LocationOf(attribute, regex is not null && template is null, ct)));
        }
        return routes;
    }

    private static Location LocationOf(AttributeData attribute, bool regexOnly, CancellationToken ct)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(ct) is not AttributeSyntax syntax) return Location.None;
        if (syntax.ArgumentList is { } list)
        {
            foreach (var argument in list.Arguments)
            {
                bool isRegex = argument.NameEquals?.Name.Identifier.ValueText == "Regex";
                bool isTemplate = argument.NameEquals is null && argument.NameColon is null;
                if ((regexOnly && isRegex) || (!regexOnly && isTemplate)) return argument.Expression.GetLocation();
            }
        }
        return syntax.GetLocation();
    }
}
