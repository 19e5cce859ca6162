using Squall.Generators.Handlers;
using Squall.Generators.Helpers;

namespace Squall.Generators.Model
{
    /// <summary>
    /// A handler class the generator can emit: everything the emitter needs, as strings and values. Immutable with
    /// structural equality (records, <see cref="ImmutableEquatableArray{T}"/>) so an unrelated edit leaves it equal and
    /// the output cached; it never holds a symbol, syntax node or compilation. Built only by
    /// <see cref="HandlerModelBuilder"/>, and only for a class with no problem.
    /// </summary>
    /// <param name="TypeName">Fully qualified (<c>global::</c>) type name.</param>
    /// <param name="Name">The simple class name.</param>
    /// <param name="Kind">What it is (which base type), hence its entry methods and how it is dispatched.</param>
    /// <param name="StreamRequestBody">Has <c>[StreamRequestBody]</c>.</param>
    /// <param name="Routes">Its routes in attribute order.</param>
    /// <param name="Verbs">Its entry methods (verb methods for a request handler).</param>
    /// <param name="ConstructorParameters">
    /// The parameters of the constructor the dispatch calls; empty today (a parameterless constructor). Extension
    /// point for constructor injection: each becomes a service resolved when the handler is created.
    /// </param>
    /// <param name="Poolable">Instances can be reused between requests without the handler noticing (see <c>HandlerPool</c>).</param>
    internal sealed record HandlerSpec(string TypeName, string Name, HandlerKind Kind, bool StreamRequestBody,
        ImmutableEquatableArray<RouteSpec> Routes, ImmutableEquatableArray<VerbSpec> Verbs,
        ImmutableEquatableArray<ConstructorParameterSpec> ConstructorParameters, bool Poolable);

    /// <summary>Every emittable handler of the compilation, in declaration order.</summary>
    internal sealed record RoutesSpec(ImmutableEquatableArray<HandlerSpec> Handlers);

    /// <summary>A parameter of the handler's constructor (see <see cref="HandlerSpec.ConstructorParameters"/>).</summary>
    /// <param name="Name">The parameter name.</param>
    /// <param name="TypeName">Its fully qualified type.</param>
    internal sealed record ConstructorParameterSpec(string Name, string TypeName);
}
