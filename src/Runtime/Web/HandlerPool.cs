using System.ComponentModel;

namespace Squall.Web;

/// <summary>
/// Reuses handler instances on one loop thread. The generator uses it only for handlers that cannot observe reuse:
/// no instance fields of their own, no overridden <c>Prepare</c>/<c>OnConnectionClose</c>, no streamed body, and
/// either only synchronous verbs or <c>async Future</c> verbs whose class source lets nothing hold the handler past
/// its request (no lambdas, local functions, method groups, <c>this</c> as a value, <c>async void</c>, or un-awaited
/// futures of its own methods). That keeps a synchronous plaintext handler at zero allocations per request, and an
/// async one at its coroutine alone.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class HandlerPool<T>
    where T : RequestHandler, new()
{
    private const int MaxPooled = 64;

    [ThreadStatic] private static Stack<T>? t_pool;

    private static readonly Action<RequestHandler> s_return = static h => Return((T)h);

    /// <summary>A pooled or new handler; it goes back to this pool when its request completes.</summary>
    public static RequestHandler Rent()
    {
        var handler = t_pool is { Count: > 0 } pool ? pool.Pop() : new T();
        handler.ReturnToPool = s_return;
        return handler;
    }

    private static void Return(T handler)
    {
        var pool = t_pool ??= new Stack<T>();
        if (pool.Count < MaxPooled) pool.Push(handler);
    }
}
