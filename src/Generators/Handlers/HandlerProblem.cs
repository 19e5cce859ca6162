using Microsoft.CodeAnalysis;

namespace Squall.Generators.Handlers
{
    /// <summary>
    /// One reason a handler cannot be emitted, where to point at it and the words of its message. Never enters the
    /// generator's pipeline (it holds a <see cref="Microsoft.CodeAnalysis.Location"/>): the generator only asks whether
    /// there are any, the analyzers report them.
    /// </summary>
    internal sealed class HandlerProblem
    {
        public HandlerProblem(HandlerProblemKind kind, Location location, params string[] arguments)
        {
            Kind = kind;
            Location = location;
            Arguments = arguments;
        }

        public HandlerProblemKind Kind { get; }

        public Location Location { get; }

        /// <summary>The message arguments, in the order <see cref="HandlerProblemKind"/> documents for <see cref="Kind"/>.</summary>
        public string[] Arguments { get; }

        public override string ToString() => Kind + ": " + string.Join(", ", Arguments);
    }
}
