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
    /// builders). Parser (<see cref="Handlers.HandlerModelBuilder"/>) → <see cref="HandlerSpec"/> → Emitter; a class with a
    /// problem is not emitted, and the analyzers report the same builder's problems.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed partial class RouteGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking names of the pipeline's steps (asserted by the incrementality tests).</summary>
        public static class Steps
        {
            /// <summary>One parsed handler (or null when it has a problem) per <c>[Route]</c> declaration.</summary>
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
                .Select(static (all, _) => new RoutesSpec(OnePerClass(all.Select(h => h!)).ToImmutableEquatableArray()))
                .WithTrackingName(Steps.Routes);

            // A project that references the generator but not Squall gets nothing (the output would not compile).
            var hasRuntime = context.CompilationProvider
                .Select(static (c, _) => c.GetTypeByMetadataName("Squall.Web.RouteTable") is not null);

            context.RegisterSourceOutput(routes.Combine(hasRuntime), static (spc, pair) =>
            {
                if (pair.Right) Emitter.Emit(spc, pair.Left);
            });
        }

        // [Route]s on two partial declarations of one class arrive twice, as equal specs (the builder reads every
        // declaration's routes): one handler.
        private static IEnumerable<HandlerSpec> OnePerClass(IEnumerable<HandlerSpec> handlers) =>
            handlers.GroupBy(h => h.TypeName).Select(g => g.First());
    }
}
