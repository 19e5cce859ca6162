using System.Buffers;

namespace Squall.IO;

/// <summary>
/// Read buffers of <see cref="ReadBuffer.InitialSize"/> for the streams of one loop thread. Between the read that
/// fills it and the handler that consumes it, every ready connection of a loop iteration holds one: at 256 busy
/// connections that is 256 buffers at once, past what <see cref="ArrayPool{T}.Shared"/> keeps per size (~2 per core
/// stack × 32), so it allocated a fresh 16 KiB array for most requests and dropped it after — ~13 KB of garbage per
/// keep-alive request, gen0 collections every few milliseconds, and an RSS swollen by the uncollected gen0 (issue 16,
/// goals 2 and 3). This pool keeps up to <see cref="MaxPooled"/> of them per thread; a loop that goes idle gives them
/// back with <see cref="Trim"/> (the server's idle compaction).
/// </summary>
internal static class ReadBufferPool
{
    // 512 × 16 KiB = 8 MiB at most, kept only by a loop that had that many connections reading at once.
    private const int MaxPooled = 512;

    [ThreadStatic] private static byte[]?[]? t_arrays;
    [ThreadStatic] private static int t_count;

    /// <summary>An array of exactly <see cref="ReadBuffer.InitialSize"/> bytes.</summary>
    public static byte[] Rent()
    {
        var arrays = t_arrays;
        if (arrays is not null && t_count > 0)
        {
            int i = --t_count;
            var array = arrays[i]!;
            arrays[i] = null;
            return array;
        }
        return new byte[ReadBuffer.InitialSize];
    }

    /// <summary>Takes back an array from <see cref="Rent"/>; any other size goes to the shared pool.</summary>
    public static void Return(byte[] array)
    {
        if (array.Length != ReadBuffer.InitialSize)
        {
            ArrayPool<byte>.Shared.Return(array);
            return;
        }
        var arrays = t_arrays ??= new byte[]?[MaxPooled];
        if (t_count < arrays.Length) arrays[t_count++] = array;
    }

    /// <summary>Drops this thread's pooled arrays (the garbage collector reclaims them).</summary>
    public static void Trim()
    {
        t_arrays = null;
        t_count = 0;
    }

    /// <summary>Arrays pooled on this thread (tests).</summary>
    internal static int Count => t_count;
}
