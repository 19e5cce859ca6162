using System;

namespace Squall.Generators.Routing
{
    /// <summary>One segment of a parsed <see cref="RouteTemplate"/>. Immutable, equal by value.</summary>
    public sealed class RouteSegment : IEquatable<RouteSegment>
    {
        /// <summary>Creates a segment.</summary>
        public RouteSegment(RouteSegmentKind kind, string text, RouteConstraint constraint, int position)
        {
            Kind = kind;
            Text = text;
            Constraint = constraint;
            Position = position;
        }

        /// <summary>Literal, typed parameter, string parameter or catch-all.</summary>
        public RouteSegmentKind Kind { get; }

        /// <summary>The literal text, or the parameter's name (without braces, <c>*</c> or constraint).</summary>
        public string Text { get; }

        /// <summary>The type constraint of a parameter; <see cref="RouteConstraint.None"/> for literals, strings and catch-alls.</summary>
        public RouteConstraint Constraint { get; }

        /// <summary>Offset of the segment's first character in the template text.</summary>
        public int Position { get; }

        /// <summary>True for parameters and catch-alls.</summary>
        public bool IsParameter => Kind != RouteSegmentKind.Literal;

        /// <inheritdoc/>
        public bool Equals(RouteSegment? other) =>
            other is not null && Kind == other.Kind && Text == other.Text && Constraint == other.Constraint && Position == other.Position;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as RouteSegment);

        /// <inheritdoc/>
        public override int GetHashCode() => ((int)Kind * 31 + (int)Constraint) * 31 + StringComparer.Ordinal.GetHashCode(Text);

        /// <inheritdoc/>
        public override string ToString() => Kind switch
        {
            RouteSegmentKind.Literal => Text,
            RouteSegmentKind.CatchAll => "{*" + Text + "}",
            RouteSegmentKind.TypedParameter => "{" + Text + ":" + RouteTemplateParser.ConstraintName(Constraint) + "}",
            _ => "{" + Text + "}",
        };
    }
}
