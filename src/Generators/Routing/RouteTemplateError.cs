using System;

namespace Squall.Generators.Routing
{
    /// <summary>A parse error of a route template, as data: what, a message for people, and where.</summary>
    public sealed class RouteTemplateError : IEquatable<RouteTemplateError>
    {
        /// <summary>Creates an error.</summary>
        public RouteTemplateError(RouteTemplateErrorKind kind, string message, int position)
        {
            Kind = kind;
            Message = message;
            Position = position;
        }

        /// <summary>The kind of problem.</summary>
        public RouteTemplateErrorKind Kind { get; }

        /// <summary>A sentence describing the problem and how to fix it.</summary>
        public string Message { get; }

        /// <summary>Offset in the template text where the problem is.</summary>
        public int Position { get; }

        /// <inheritdoc/>
        public bool Equals(RouteTemplateError? other) =>
            other is not null && Kind == other.Kind && Message == other.Message && Position == other.Position;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as RouteTemplateError);

        /// <inheritdoc/>
        public override int GetHashCode() => ((int)Kind * 31 + Position) * 31 + StringComparer.Ordinal.GetHashCode(Message);

        /// <inheritdoc/>
        public override string ToString() => Kind + " at " + Position + ": " + Message;
    }
}
