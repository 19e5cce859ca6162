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

        /// <summary>
        /// A <c>WebSocketHandler</c> subclass: answers <c>GET</c> with the upgrade, then calls its optional
        /// <c>Open(...)</c>, which takes the route values. It declares no verb methods.
        /// </summary>
        WebSocketHandler,
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
            HandlerKind.WebSocketHandler => WebSocketEntry,
            _ => throw new System.ArgumentOutOfRangeException(nameof(kind)),
        };

        private static readonly string[] WebSocketEntry = { "Open" };

        /// <summary>The verb method names (a WebSocket handler must declare none of them).</summary>
        public static string[] VerbNames => Verbs;

        /// <summary>The HTTP method an entry method answers: its own name for verbs, <c>GET</c> (the upgrade) for <c>Open</c>.</summary>
        public static string HttpMethodOf(HandlerKind kind, string entryMethod) =>
            kind == HandlerKind.WebSocketHandler ? "GET" : entryMethod.ToUpperInvariant();
    }
}
