using System.Buffers;
using System.Runtime.InteropServices;
using static Squall.Http.ZlibNative;

namespace Squall.Http;

/// <summary>
/// Compresses messages for permessage-deflate (RFC 7692 §7.2.1): raw deflate, each message ended with a sync flush
/// whose trailing <c>00 00 ff ff</c> is removed. Without context takeover the state is reset before every message,
/// so one deflater per loop thread serves every connection (see <see cref="Shared"/>).
/// </summary>
internal sealed unsafe class MessageDeflater : IDisposable
{
    private ZStream* _stream;

    public MessageDeflater(int windowBits, int level = 6, int memLevel = 8)
    {
        WindowBits = windowBits;
        _stream = (ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZStream));
        // Negative window bits: raw deflate, no zlib header or checksum.
        int rc = DeflateInit(_stream, level, -windowBits, memLevel);
        if (rc != Z_OK)
        {
            NativeMemory.Free(_stream);
            _stream = null;
            throw new InvalidOperationException($"deflateInit2 failed ({rc}).");
        }
    }

    public int WindowBits { get; }

    [ThreadStatic] private static MessageDeflater?[]? t_shared;

    /// <summary>This thread's deflater for <paramref name="windowBits"/> (9–15) and <paramref name="level"/> (1–9), for messages sent without context takeover.</summary>
    public static MessageDeflater Shared(int windowBits, int level = 6)
    {
        var shared = t_shared ??= new MessageDeflater?[16 * 10];
        return shared[windowBits * 10 + level] ??= new MessageDeflater(windowBits, level);
    }

    /// <summary>
    /// Compresses <paramref name="input"/> into a buffer rented from the shared array pool (the caller returns it);
    /// <paramref name="reset"/> starts from an empty window (no context takeover).
    /// </summary>
    public byte[] Compress(ReadOnlySpan<byte> input, bool reset, out int length)
    {
        ObjectDisposedException.ThrowIf(_stream is null, this);
        if (reset) DeflateReset(_stream);
        var output = ArrayPool<byte>.Shared.Rent(Math.Max(64, input.Length + input.Length / 1000 + 64));
        int written = 0;
        fixed (byte* inPtr = input)
        {
            _stream->NextIn = inPtr;
            _stream->AvailIn = (uint)input.Length;
            while (true)
            {
                if (written == output.Length) output = Grow(output, written);
                fixed (byte* outPtr = &output[written])
                {
                    _stream->NextOut = outPtr;
                    _stream->AvailOut = (uint)(output.Length - written);
                    int rc = ZlibNative.Deflate(_stream, Z_SYNC_FLUSH);
                    written = output.Length - (int)_stream->AvailOut;
                    if (rc != Z_OK && rc != Z_BUF_ERROR) throw new InvalidOperationException($"deflate failed ({rc}).");
                    // Done when all input is taken and the flush fit (zlib leaves output space unused).
                    if (_stream->AvailIn == 0 && _stream->AvailOut != 0) break;
                }
            }
            _stream->NextIn = null;
            _stream->NextOut = null;
        }
        // §7.2.1: remove the 4 octets 00 00 ff ff of the empty stored block the sync flush ended with.
        length = written >= 4 ? written - 4 : written;
        return output;
    }

    private static byte[] Grow(byte[] output, int written)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(output.Length * 2);
        output.AsSpan(0, written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(output);
        return bigger;
    }

    public void Dispose()
    {
        if (_stream is null) return;
        DeflateEnd(_stream);
        NativeMemory.Free(_stream);
        _stream = null;
        GC.SuppressFinalize(this);
    }

    ~MessageDeflater() => Dispose();
}
