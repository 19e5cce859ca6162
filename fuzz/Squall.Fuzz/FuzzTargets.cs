namespace Squall.Fuzz;

/// <summary>One fuzz target: parses the input and throws <see cref="InvariantException"/> when an invariant breaks.</summary>
internal delegate void FuzzTarget(ReadOnlySpan<byte> input);

/// <summary>The targets by name (the name is also the seed corpus folder under <c>fuzz/corpus/</c>).</summary>
internal static class FuzzTargets
{
    public static readonly IReadOnlyDictionary<string, FuzzTarget> All = new Dictionary<string, FuzzTarget>
    {
        ["request-head"] = RequestHeadTarget.Run,
        ["chunked"] = ChunkedTarget.Run,
        ["form-urlencoded"] = FormUrlEncodedTarget.Run,
        ["multipart"] = MultipartTarget.Run,
        ["route-template"] = RouteTemplateTarget.Run,
        ["cookie"] = CookieTarget.Run,
        ["signed-value"] = SignedValueTarget.Run,
        ["client-response"] = ClientResponseTarget.Run,
        ["websocket-frame"] = WebSocketFrameTarget.Run,
        ["deflate-inflater"] = DeflateInflaterTarget.Run,
        ["websocket-connection"] = WebSocketConnectionTarget.Run,
    };
}

/// <summary>An invariant of a parser did not hold: reported to AFL as a crash (an uncaught exception).</summary>
internal sealed class InvariantException(string message) : Exception(message)
{
    public static void Check(bool condition, string message)
    {
        if (!condition) throw new InvariantException(message);
    }
}
