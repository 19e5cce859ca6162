using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Squall.Generators.Helpers;
using Squall.Generators.Model;
using Squall.Generators.Routing;

namespace Squall.Generators.Handlers
{
    internal static partial class HandlerModelBuilder
    {
        /// <summary>The most values one match can hold (<c>Squall.Web.RouteValues.Capacity</c>).</summary>
        public const int MaxRouteValues = 16;

        /// <summary>A route and where its template (or regex) is written, for the binding problems.</summary>
        private sealed class ParsedRoute
        {
            public ParsedRoute(RouteSpec spec, Location location)
            {
                Spec = spec;
                Location = location;
            }

            public RouteSpec Spec { get; }

            public Location Location { get; }
        }

        /// <summary>One <c>[Route]</c> as a spec, or null after adding its problems.</summary>
        private static ParsedRoute? ParseRoute(INamedTypeSymbol type, AttributeData attribute, List<HandlerProblem> problems, CancellationToken ct)
        {
            string? template = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
            string? name = null, regex = null;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Name") name = named.Value.Value as string;
                else if (named.Key == "Regex") regex = named.Value.Value as string;
            }
            var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
            var whole = syntax?.GetLocation() ?? FirstLocation(type);
            int before = problems.Count;

            if (name is not null && !UrlBuilderNames.IsUsable(name))
                problems.Add(new HandlerProblem(HandlerProblemKind.InvalidRouteName, ArgumentLocation(syntax, "Name") ?? whole, name, type.Name));

            if (regex is not null)
            {
                var at = ArgumentLocation(syntax, "Regex") ?? whole;
                if (!string.IsNullOrEmpty(template))
                {
                    problems.Add(new HandlerProblem(HandlerProblemKind.TemplateAndRegex, whole, template!, regex, type.Name));
                    return null;
                }
                int groups = RegexGroups(regex, out string? error);
                if (groups < 0)
                {
                    problems.Add(new HandlerProblem(HandlerProblemKind.InvalidRegex, at, regex, error!));
                    return null;
                }
                return problems.Count > before ? null : new ParsedRoute(new RouteSpec("", regex, groups, name, ImmutableEquatableArray<SegmentSpec>.Empty), at);
            }

            var templateAt = ArgumentLocation(syntax, null) ?? whole;
            if (template is null)
            {
                problems.Add(new HandlerProblem(HandlerProblemKind.MissingTemplate, whole, "", "a [Route] needs a template (\"/path/{id:int}\") or a Regex."));
                return null;
            }
            var parsed = RouteTemplate.Parse(template);
            if (!parsed.IsValid)
            {
                // The shared parser's messages already say how to fix the template; report the first problem.
                problems.Add(new HandlerProblem(HandlerProblemKind.MalformedTemplate, templateAt, template, parsed.Errors[0].Message));
                return null;
            }
            int count = parsed.Parameters.Count();
            if (count > MaxRouteValues)
            {
                problems.Add(new HandlerProblem(HandlerProblemKind.TooManyRouteValues, templateAt, template,
                    count.ToString(System.Globalization.CultureInfo.InvariantCulture), MaxRouteValues.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return null;
            }
            if (problems.Count > before) return null;
            var segments = parsed.Segments.Select(s => new SegmentSpec(s.Kind, s.Text, s.Constraint));
            return new ParsedRoute(new RouteSpec(template, null, 0, name, segments.ToImmutableEquatableArray()), templateAt);
        }

        /// <summary>Capture groups of a regex, or -1 (with the parser's message) when it does not compile: it would throw at run time.</summary>
        private static int RegexGroups(string pattern, out string? error)
        {
            error = null;
            try
            {
                return new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1))
                    .GetGroupNumbers().Length - 1; // group 0 is the whole match
            }
            catch (ArgumentException e)
            {
                error = e.Message;
                return -1;
            }
        }

        /// <summary>The expression of the named argument (or, for null, the first positional one) of a [Route].</summary>
        private static Location? ArgumentLocation(AttributeSyntax? syntax, string? name)
        {
            if (syntax?.ArgumentList is not { } list) return null;
            foreach (var argument in list.Arguments)
            {
                bool match = name is null
                    ? argument.NameEquals is null && argument.NameColon is null
                    : argument.NameEquals?.Name.Identifier.ValueText == name;
                if (match) return argument.Expression.GetLocation();
            }
            return null;
        }

        private static Location? AttributeLocation(AttributeData attribute, CancellationToken ct) =>
            attribute.ApplicationSyntaxReference?.GetSyntax(ct).GetLocation();
    }
}
