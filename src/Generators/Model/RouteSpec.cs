using Squall.Generators.Helpers;

namespace Squall.Generators.Model
{
    /// <summary>One <c>[Route]</c> of a handler: a parsed template, or a regex with its group count.</summary>
    /// <param name="Template">The template as written (empty for a regex route).</param>
    /// <param name="Regex">The regex, or null for a template route.</param>
    /// <param name="RegexGroupCount">Number of capture groups of the regex.</param>
    /// <param name="Name">The URL builder name given by <c>Name =</c>.</param>
    /// <param name="Segments">The template's segments.</param>
    internal sealed record RouteSpec(string Template, string? Regex, int RegexGroupCount, string? Name, ImmutableEquatableArray<SegmentSpec> Segments)
    {
        public bool IsRegex => Regex is not null;
    }
}
