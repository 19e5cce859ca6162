namespace Squall.Generators.Routing
{
    /// <summary>What one <c>/</c>-separated piece of a route template is. The order is the match precedence.</summary>
    public enum RouteSegmentKind
    {
        /// <summary>Fixed text compared ordinally (<c>users</c>).</summary>
        Literal = 0,
        /// <summary>A parameter with a type constraint (<c>{id:int}</c>).</summary>
        TypedParameter = 1,
        /// <summary>A string parameter (<c>{name}</c>).</summary>
        Parameter = 2,
        /// <summary>The rest of the path, slashes included (<c>{*rest}</c>); always the last segment.</summary>
        CatchAll = 3,
    }
}
