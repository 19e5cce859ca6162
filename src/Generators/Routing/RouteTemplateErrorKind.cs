namespace Squall.Generators.Routing
{
    /// <summary>Why a route template does not parse.</summary>
    public enum RouteTemplateErrorKind
    {
        /// <summary>The template is empty.</summary>
        Empty,
        /// <summary>The template does not start with <c>/</c>.</summary>
        MissingLeadingSlash,
        /// <summary>Two slashes in a row, or a trailing slash after a segment (<c>/a//b</c>, <c>/a/</c>).</summary>
        EmptySegment,
        /// <summary>A <c>{</c> without its <c>}</c>.</summary>
        UnclosedBrace,
        /// <summary>A <c>}</c> without its <c>{</c>, or a brace inside a parameter.</summary>
        UnexpectedBrace,
        /// <summary>Text and a parameter mixed in one segment (<c>/a{b}</c>): a parameter must be a whole segment.</summary>
        PartialSegmentParameter,
        /// <summary><c>{}</c> or <c>{:int}</c>.</summary>
        EmptyParameterName,
        /// <summary>A parameter name that is not a C# identifier.</summary>
        InvalidParameterName,
        /// <summary>A constraint other than <c>int</c>, <c>long</c>, <c>guid</c>, <c>bool</c>.</summary>
        UnknownConstraint,
        /// <summary>A constraint on a catch-all (<c>{*rest:int}</c>).</summary>
        ConstrainedCatchAll,
        /// <summary>A catch-all that is not the last segment.</summary>
        CatchAllNotLast,
        /// <summary>The same parameter name twice.</summary>
        DuplicateParameter,
        /// <summary>A character that may not appear in a path (<c>?</c>, <c>#</c>, whitespace, control characters).</summary>
        InvalidCharacter,
    }
}
