using Squall.Generators.Helpers;

namespace Squall.Generators.Model
{
    /// <summary>A verb method (<c>Get</c>, <c>Post</c>, ...) of a handler.</summary>
    /// <param name="MethodName">The C# method name.</param>
    /// <param name="HttpMethod">The HTTP method it answers.</param>
    /// <param name="ReturnsFuture">True for <c>Future</c>, false for <c>void</c>.</param>
    /// <param name="Parameters">Its parameters in order.</param>
    internal sealed record VerbSpec(string MethodName, string HttpMethod, bool ReturnsFuture, ImmutableEquatableArray<ParameterSpec> Parameters);
}
