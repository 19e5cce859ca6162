using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Squall.Generators.Helpers;
using Squall.Generators.Model;

namespace Squall.Generators
{
    /// <summary>
    /// Compiles the <c>[Route]</c> handlers of an assembly into <c>Squall.Generated.Routes</c> (a route table with a
    /// matcher decided at compile time and one dispatch per handler) and <c>Squall.Generated.Urls</c> (typed URL
    /// builders). Parser → <see cref="HandlerSpec"/> → Emitter; the analyzers explain handlers it skips.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed partial class RouteGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking names of the pipeline's steps (asserted by the incrementality tests).</summary>
        public static class Steps
        {
            /// <summary>One parsed handler (or null) per <c>[Route]</c> class.</summary>
            public const string Handlers = "Handlers";

            /// <summary>All emittable handlers together.</summary>
            public const string Routes = "Routes";
        }

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var handlers = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    "Squall.Web.RouteAttribute",
                    static (node, _) => node is ClassDeclarationSyntax,
                    static (ctx, ct) => Parser.Parse(ctx, ct))
                .WithTrackingName(Steps.Handlers);

            var routes = handlers
                .Where(static h => h is not null)
                .Collect()
                .Select(static (all, _) => new RoutesSpec(MergePartials(all.Select(h => h!)).ToImmutableEquatableArray()))
                .WithTrackingName(Steps.Routes);

            context.RegisterSourceOutput(routes, static (spc, spec) => Emitter.Emit(spc, spec));
        }

        // [Route]s on two partial declarations of one class arrive as two specs: one handler, routes in order.
        private static IEnumerable<HandlerSpec> MergePartials(IEnumerable<HandlerSpec> handlers) =>
            handlers.GroupBy(h => h.TypeName).Select(g => g.Skip(1).Aggregate(g.First(),
                (a, b) => a with { Routes = a.Routes.Concat(b.Routes).ToImmutableEquatableArray() }));
    }
}
