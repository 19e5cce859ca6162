namespace Squall.Generators.Routing
{
    /// <summary>The type a route parameter must parse as (<c>{id:int}</c>); <see cref="None"/> is a plain string segment.</summary>
    public enum RouteConstraint
    {
        /// <summary>No constraint: any non-empty segment, bound as a (percent-decoded) string.</summary>
        None,
        /// <summary><c>:int</c> — <see cref="System.Int32"/>.</summary>
        Int,
        /// <summary><c>:long</c> — <see cref="System.Int64"/>.</summary>
        Long,
        /// <summary><c>:guid</c> — <see cref="System.Guid"/>.</summary>
        Guid,
        /// <summary><c>:bool</c> — <see cref="System.Boolean"/> (<c>true</c>/<c>false</c>, any case).</summary>
        Bool,
    }
}
