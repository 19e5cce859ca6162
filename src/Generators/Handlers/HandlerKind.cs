namespace Squall.Generators.Handlers
{
    /// <summary>
    /// What a routed class is, which decides its entry methods and how the generated dispatch drives it. The builder
    /// classifies a class by its base type (<see cref="HandlerModelBuilder"/>'s <c>KindOf</c>); the emitter switches
    /// on it.
    /// </summary>
    /// <remarks>
    /// Extension point: a new kind (e.g. <c>WebSocketHandler</c>, whose <c>Open(...)</c> takes the route values
    /// instead of a verb) adds a value here, a base type in <see cref="KnownTypeSymbols"/>, its entry-method names in
    /// <see cref="HandlerKinds.EntryMethodNames"/> and a branch in the emitter; binding, problems and diagnostics
    /// come for free from the builder.
    /// </remarks>
    internal enum HandlerKind
    {
        /// <summary>A <c>RequestHandler</c> subclass: verb methods <c>Get</c>, <c>Post</c>, ... answer HTTP methods.</summary>
        RequestHandler,
    }

    /// <summary>Per-kind facts the builder needs.</summary>
    internal static class HandlerKinds
    {
        private static readonly string[] Verbs = { "Get", "Post", "Put", "Delete", "Patch", "Head", "Options" };

        /// <summary>
        /// The methods of a handler of this kind that requests enter through, in emission order. Each name may be
        /// declared once (no overloads); route values bind to its parameters.
        /// </summary>
        public static string[] EntryMethodNames(HandlerKind kind) => kind switch
        {
            HandlerKind.RequestHandler => Verbs,
            _ => throw new System.ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
