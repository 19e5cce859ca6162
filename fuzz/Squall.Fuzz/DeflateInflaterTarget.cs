using Squall.Http;

namespace Squall.Fuzz;

/// <summary>
/// permessage-deflate's inflater (RFC 7692) on arbitrary input, and the deflater → inflater round trip. Invariants:
/// inflating never throws and either fails (TooBig / Corrupt) or returns at most the size limit; a decompression bomb
/// stops at the limit; what the deflater compresses (with and without context takeover) inflates back to itself.
/// </summary>
internal static class DeflateInflaterTarget
{
    private const long MaxSize = 256 * 1024;

    public static void Run(ReadOnlySpan<byte> input)
    {
        using (var inflater = new MessageInflater())
        {
            var output = inflater.Decompress(input, reset: true, MaxSize, out var failure);
            if (output is null) InvariantException.Check(failure != MessageInflater.Failure.None, "no output and no failure");
            else InvariantException.Check(output.Length <= MaxSize && failure == MessageInflater.Failure.None, $"{output.Length} bytes past a limit of {MaxSize}");
        }

        using var deflater = new MessageDeflater(15);
        using var roundTrip = new MessageInflater();
        // Two messages on one context (context takeover), then one after a reset.
        for (int message = 0; message < 3; message++)
        {
            bool reset = message != 1;
            var compressed = deflater.Compress(input, reset, out int length);
            try
            {
                var back = roundTrip.Decompress(compressed.AsSpan(0, length), reset, long.MaxValue, out var failure);
                InvariantException.Check(back is not null, $"message {message}: our own compressed data failed to inflate ({failure})");
                InvariantException.Check(back!.AsSpan().SequenceEqual(input), $"message {message}: the round trip changed the data");
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(compressed);
            }
        }
    }
}
