using System.Collections.Generic;
using Squall.Generators.Model;

namespace Squall.Generators.Handlers
{
    /// <summary>
    /// What the builder decided about one <c>[Route]</c> class: a spec to emit, or the problems that prevent it (never
    /// both). The generator uses <see cref="Spec"/>; the analyzers report <see cref="Problems"/>.
    /// </summary>
    internal sealed class HandlerModel
    {
        public HandlerModel(HandlerSpec? spec, IReadOnlyList<HandlerProblem> problems, int entryMethodCount)
        {
            Spec = problems.Count == 0 ? spec : null;
            Problems = problems;
            EntryMethodCount = entryMethodCount;
        }

        /// <summary>The handler to emit; null when there is any problem (or the class is not routed at all).</summary>
        public HandlerSpec? Spec { get; }

        /// <summary>Every problem found, in source order of discovery.</summary>
        public IReadOnlyList<HandlerProblem> Problems { get; }

        /// <summary>How many entry-method names (verbs) the class declares in any shape, valid or not (SQ2007 wants none).</summary>
        public int EntryMethodCount { get; }
    }
}
