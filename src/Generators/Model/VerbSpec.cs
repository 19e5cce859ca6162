using Squall.Generators.Helpers;

namespace Squall.Generators.Model
{
    /// <summary>An entry method of a handler: a verb method (<c>Get</c>, <c>Post</c>, ...) of a request handler.</summary>
    /// <param name="MethodName">The C# method name.</param>
    /// <param name="HttpMethod">The HTTP method it answers.</param>
    /// <param name="ReturnsFuture">True for <c>Future</c> (or a subclass), false for <c>void</c>.</param>
    /// <param name="Parameters">Its parameters in order; route values bind to them.</param>
    internal sealed record VerbSpec(string MethodName, string HttpMethod, bool ReturnsFuture, ImmutableEquatableArray<ParameterSpec> Parameters);
}
