using Squall.Generators.Helpers;

namespace Squall.Generators.Model
{
    /// <summary>
    /// A handler class the generator can emit: everything the emitter needs, as strings and values. Immutable with
    /// structural equality (records, <see cref="ImmutableEquatableArray{T}"/>) so an unrelated edit leaves it equal and
    /// the output cached; it never holds a symbol, syntax node or compilation.
    /// </summary>
    /// <param name="TypeName">Fully qualified (<c>global::</c>) type name.</param>
    /// <param name="Name">The simple class name.</param>
    /// <param name="StreamRequestBody">Has <c>[StreamRequestBody]</c>.</param>
    /// <param name="Routes">Its routes in attribute order.</param>
    /// <param name="Verbs">Its verb methods.</param>
    internal sealed record HandlerSpec(string TypeName, string Name, bool StreamRequestBody,
        ImmutableEquatableArray<RouteSpec> Routes, ImmutableEquatableArray<VerbSpec> Verbs);

    /// <summary>Every emittable handler of the compilation, in declaration order.</summary>
    internal sealed record RoutesSpec(ImmutableEquatableArray<HandlerSpec> Handlers);
}
