using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Squall.Web;

/// <summary>
/// Reuses handler instances on one loop thread. The generator uses it only for handlers that cannot observe reuse:
/// no instance fields of their own, no overridden <c>Prepare</c>/<c>OnConnectionClose</c>, no streamed body, and
/// either only synchronous verbs or <c>async Future</c> verbs whose class source lets nothing hold the handler past
/// its request (no lambdas, local functions, method groups, <c>this</c> as a value, <c>async void</c>, or un-awaited
/// futures of its own methods). That keeps a synchronous plaintext handler at zero allocations per request, and an
/// async one at its coroutine alone.
/// </summary>
/// <remarks>
/// The instances live in <see cref="HandlerPools"/>, one stack per handler type found by a slot number, not in a
/// thread-static field of this generic class: NativeAOT compiles this class once for every handler type (shared
/// generic code) and reaches a thread static of a shared generic through a run-time lookup and an uninlined helper on
/// every request (issue 16), where a non-generic thread static is one inlined TLS load.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class HandlerPool<T>
    where T : RequestHandler, new()
{
    private static readonly int s_slot = HandlerPools.NewSlot();

    /// <summary>A pooled or new handler; it goes back to this pool when its request completes.</summary>
    public static RequestHandler Rent()
    {
        int slot = s_slot;
        var handler = HandlerPools.Take(slot) ?? new T();
        handler.PoolSlot = slot;
        return handler;
    }
}

/// <summary>The per-thread stacks behind <see cref="HandlerPool{T}"/>, one per handler type (by slot).</summary>
internal static class HandlerPools
{
    private const int MaxPooled = 64;

    private static int s_slots;

    [ThreadStatic] private static Stack<RequestHandler>?[]? t_pools;

    /// <summary>A slot number for a new handler type (1, 2, ...; 0 means "not pooled").</summary>
    public static int NewSlot() => Interlocked.Increment(ref s_slots);

    /// <summary>A handler of the slot's type given back on this thread, or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static RequestHandler? Take(int slot)
    {
        var pools = t_pools;
        if (pools is not null && (uint)slot < (uint)pools.Length && pools[slot] is { Count: > 0 } pool) return pool.Pop();
        return null;
    }

    /// <summary>Keeps <paramref name="handler"/> (whose request is complete) for the next request of its type on this thread.</summary>
    public static void Return(int slot, RequestHandler handler)
    {
        var pools = t_pools;
        if (pools is null || slot >= pools.Length)
        {
            var bigger = new Stack<RequestHandler>?[Math.Max(slot + 1, Math.Max(8, (pools?.Length ?? 0) * 2))];
            pools?.CopyTo(bigger, 0);
            t_pools = pools = bigger;
        }
        var pool = pools[slot] ??= new Stack<RequestHandler>();
        if (pool.Count < MaxPooled) pool.Push(handler);
    }
}
