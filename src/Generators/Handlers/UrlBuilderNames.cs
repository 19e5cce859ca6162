using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Squall.Generators.Model;
using Squall.Generators.Routing;

namespace Squall.Generators.Handlers
{
    /// <summary>
    /// How a template route's typed URL builder (<c>Squall.Generated.Urls.Name(...)</c>) is named: shared by the emitter,
    /// which writes one builder per distinct signature, and the analyzers, which report the routes left without one.
    /// </summary>
    internal static class UrlBuilderNames
    {
        // Members every class has: a builder of that name would hide or clash with them.
        private static readonly string[] ObjectMembers = { "Equals", "GetHashCode", "ToString", "GetType", "ReferenceEquals", "MemberwiseClone" };

        /// <summary>The builder's name: <c>Name =</c>, or the handler's name without a <c>Handler</c> suffix.</summary>
        public static string NameOf(RouteSpec route, string handlerName) => route.Name ?? DefaultName(handlerName);

        /// <summary>Name and parameter types (<c>User(int)</c>): two routes with one signature can share no builder.</summary>
        public static string Signature(RouteSpec route, string handlerName) =>
            NameOf(route, handlerName) + "(" + string.Join(",", route.Segments.Where(s => s.Kind != RouteSegmentKind.Literal).Select(ClrType)) + ")";

        /// <summary>False for a keyword, an object member or a non-identifier: no method can have that name.</summary>
        public static bool IsUsable(string name) =>
            SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None && !ObjectMembers.Contains(name);

        /// <summary>The C# type a route value of <paramref name="segment"/> is passed as.</summary>
        public static string ClrType(SegmentSpec segment) => segment.Kind != RouteSegmentKind.TypedParameter ? "string" : segment.Constraint switch
        {
            RouteConstraint.Int => "int",
            RouteConstraint.Long => "long",
            RouteConstraint.Guid => "global::System.Guid",
            RouteConstraint.Bool => "bool",
            _ => "string",
        };

        private static string DefaultName(string handlerName) =>
            handlerName.Length > "Handler".Length && handlerName.EndsWith("Handler", System.StringComparison.Ordinal)
                ? handlerName.Substring(0, handlerName.Length - "Handler".Length)
                : handlerName;
    }
}
