using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Squall.Generators.Handlers;
using Squall.Generators.Model;

namespace Squall.Generators
{
    public sealed partial class RouteGenerator
    {
        /// <summary>
        /// Turns one <c>[Route]</c> class into a <see cref="HandlerSpec"/> through <see cref="HandlerModelBuilder"/>, or
        /// null when it has a problem (the analyzers report every problem the builder finds). The only stage that sees
        /// symbols; only the spec enters the pipeline. It must never throw.
        /// </summary>
        internal static class Parser
        {
            public static HandlerSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            {
                if (context.TargetSymbol is not INamedTypeSymbol type) return null;
                try
                {
                    return HandlerModelBuilder.Build(type, new KnownTypeSymbols(context.SemanticModel.Compilation), cancellationToken).Spec;
                }
                catch (OperationCanceledException)
                {
                    throw;
                }
                catch (Exception)
                {
                    // A generator exception fails the user's build; a handler we cannot understand is skipped instead.
                    return null;
                }
            }
        }
    }
}
