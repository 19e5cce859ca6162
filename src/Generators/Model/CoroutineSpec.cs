using Squall.Generators.Helpers;

namespace Squall.Generators.Model
{
    /// <summary>A containing type of a <c>[Coroutine]</c> method: the partial declaration to reopen.</summary>
    internal sealed record ContainingTypeSpec(string Keyword, string Name);

    /// <summary>A <c>[Coroutine]</c> iterator method and the companion to emit for it. Strings only: cache-safe.</summary>
    /// <param name="Namespace">The namespace, or empty for the global one.</param>
    /// <param name="ContainingTypes">Outermost first.</param>
    /// <param name="MethodName">The iterator's name.</param>
    /// <param name="Accessibility">Its accessibility keyword(s).</param>
    /// <param name="IsStatic">Static method.</param>
    /// <param name="Parameters">Declarations (<c>int x</c>).</param>
    /// <param name="Arguments">The names to pass on.</param>
    /// <param name="ResultType">The <c>T</c> of its <c>Gen.Return&lt;T&gt;</c>, or null when it returns nothing.</param>
    internal sealed record CoroutineSpec(string Namespace, ImmutableEquatableArray<ContainingTypeSpec> ContainingTypes, string MethodName,
        string Accessibility, bool IsStatic, ImmutableEquatableArray<ParameterDeclaration> Parameters, string? ResultType);

    /// <summary>One parameter of a companion.</summary>
    /// <param name="Declaration">As declared (<c>int x</c>).</param>
    /// <param name="Name">The name to pass on.</param>
    /// <param name="Type">Its fully qualified type: overloads differ by it (see the emitter's hint name).</param>
    internal sealed record ParameterDeclaration(string Declaration, string Name, string Type);
}
