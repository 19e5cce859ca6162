using System;
using System.Collections.Generic;

namespace Squall.Generators.Routing
{
    /// <summary>
    /// A parsed route template (<c>/users/{id:int}/files/{*path}</c>). Parsing never throws: a template that does not
    /// parse has <see cref="Errors"/> and no segments. Plain C# with no Roslyn dependency, so the analyzers can link
    /// this file and report the same errors the generator sees.
    /// </summary>
    public sealed class RouteTemplate : IEquatable<RouteTemplate>
    {
        internal RouteTemplate(string text, IReadOnlyList<RouteSegment> segments, IReadOnlyList<RouteTemplateError> errors)
        {
            Text = text;
            Segments = segments;
            Errors = errors;
        }

        /// <summary>The template as written.</summary>
        public string Text { get; }

        /// <summary>The segments between slashes; empty for <c>/</c> and for a template with errors.</summary>
        public IReadOnlyList<RouteSegment> Segments { get; }

        /// <summary>Every problem found; empty when the template is valid.</summary>
        public IReadOnlyList<RouteTemplateError> Errors { get; }

        /// <summary>True when <see cref="Errors"/> is empty.</summary>
        public bool IsValid => Errors.Count == 0;

        /// <summary>True when the last segment is a catch-all.</summary>
        public bool HasCatchAll => Segments.Count > 0 && Segments[Segments.Count - 1].Kind == RouteSegmentKind.CatchAll;

        /// <summary>The parameter segments (typed, string and catch-all) in template order.</summary>
        public IEnumerable<RouteSegment> Parameters
        {
            get
            {
                foreach (var s in Segments)
                    if (s.IsParameter) yield return s;
            }
        }

        /// <summary>Parses <paramref name="text"/>; see <see cref="RouteTemplateParser"/> for the grammar.</summary>
        public static RouteTemplate Parse(string text) => RouteTemplateParser.Parse(text);

        /// <summary>
        /// True when both templates match exactly the same paths (same literals, same constraint kinds in the same
        /// places; parameter names ignored) — the analyzers' duplicate-route check.
        /// </summary>
        public bool MatchesSamePathsAs(RouteTemplate other)
        {
            if (!IsValid || !other.IsValid || Segments.Count != other.Segments.Count) return false;
            for (int i = 0; i < Segments.Count; i++)
            {
                RouteSegment a = Segments[i], b = other.Segments[i];
                if (a.Kind != b.Kind || a.Constraint != b.Constraint) return false;
                if (a.Kind == RouteSegmentKind.Literal && !string.Equals(a.Text, b.Text, StringComparison.Ordinal)) return false;
            }
            return true;
        }

        /// <inheritdoc/>
        public bool Equals(RouteTemplate? other)
        {
            if (other is null || Text != other.Text || Segments.Count != other.Segments.Count || Errors.Count != other.Errors.Count) return false;
            for (int i = 0; i < Segments.Count; i++)
                if (!Segments[i].Equals(other.Segments[i])) return false;
            for (int i = 0; i < Errors.Count; i++)
                if (!Errors[i].Equals(other.Errors[i])) return false;
            return true;
        }

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as RouteTemplate);

        /// <inheritdoc/>
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

        /// <inheritdoc/>
        public override string ToString() => Text;
    }
}
