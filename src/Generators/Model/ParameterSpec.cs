namespace Squall.Generators.Model
{
    /// <summary>A verb method parameter. Immutable with structural equality, or incremental caching breaks.</summary>
    /// <param name="Name">The parameter name (route values bind by it).</param>
    /// <param name="Type">The bindable type.</param>
    /// <param name="TypeName">The fully qualified type, for declarations.</param>
    /// <param name="IsNullable">A <c>string?</c>: an unmatched regex group binds null rather than "".</param>
    /// <param name="DefaultValue">The C# literal of its default value, or null when it has none.</param>
    internal sealed record ParameterSpec(string Name, ParameterType Type, string TypeName, bool IsNullable, string? DefaultValue);
}
