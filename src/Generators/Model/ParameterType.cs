namespace Squall.Generators.Model
{
    /// <summary>The types a verb method parameter can be bound to from a route value.</summary>
    internal enum ParameterType
    {
        String,
        Int32,
        Int64,
        Guid,
        Boolean,
        /// <summary>Anything else: only allowed when the parameter has a default and no route binds it.</summary>
        Other,
    }
}
