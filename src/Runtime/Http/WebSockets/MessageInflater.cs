using System.Buffers;
using System.Runtime.InteropServices;
using static Squall.Http.ZlibNative;

namespace Squall.Http;

/// <summary>
/// Decompresses permessage-deflate messages (RFC 7692 §7.2.2): the message's bytes plus the <c>00 00 ff ff</c> tail
/// the sender removed. The output is bounded by the message size limit, checked while inflating, so a small
/// compressed bomb fails with 1009 before it fills memory. Always inflates with a 32 KiB window, which reads the
/// output of any smaller window the peer chose. Without the peer's context takeover, one per loop thread serves all.
/// </summary>
internal sealed unsafe class MessageInflater : IDisposable
{
    private static ReadOnlySpan<byte> Tail => [0x00, 0x00, 0xFF, 0xFF];

    private ZStream* _stream;

    public MessageInflater()
    {
        _stream = (ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZStream));
        int rc = InflateInit(_stream, -15);
        if (rc != Z_OK)
        {
            NativeMemory.Free(_stream);
            _stream = null;
            throw new InvalidOperationException($"inflateInit2 failed ({rc}).");
        }
    }

    [ThreadStatic] private static MessageInflater? t_shared;

    /// <summary>This thread's inflater for messages received without context takeover.</summary>
    public static MessageInflater Shared => t_shared ??= new MessageInflater();

    /// <summary>What went wrong in the last <see cref="Decompress"/> that returned null.</summary>
    public enum Failure { None, TooBig, Corrupt }

    /// <summary>
    /// Inflates one message into a new array of exactly its length; null (with <paramref name="failure"/>) when the
    /// output would exceed <paramref name="maxSize"/> or the data is not valid deflate.
    /// </summary>
    public byte[]? Decompress(ReadOnlySpan<byte> compressed, bool reset, long maxSize, out Failure failure)
    {
        ObjectDisposedException.ThrowIf(_stream is null, this);
        failure = Failure.None;
        if (reset) InflateReset(_stream);
        var output = ArrayPool<byte>.Shared.Rent(Math.Max(256, Math.Min(compressed.Length * 4, 64 * 1024)));
        int written = 0;
        try
        {
            if (!Run(compressed, ref output, ref written, maxSize, ref failure)) return null;
            if (!Run(Tail, ref output, ref written, maxSize, ref failure)) return null;
            return output.AsSpan(0, written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    private bool Run(ReadOnlySpan<byte> input, ref byte[] output, ref int written, long maxSize, ref Failure failure)
    {
        fixed (byte* inPtr = input)
        {
            _stream->NextIn = inPtr;
            _stream->AvailIn = (uint)input.Length;
            try
            {
                while (true)
                {
                    if (written == output.Length)
                    {
                        if (written >= maxSize)
                        {
                            failure = Failure.TooBig;
                            return false;
                        }
                        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(output.Length * 2L, Math.Max(maxSize, output.Length + 1L)));
                        output.AsSpan(0, written).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(output);
                        output = bigger;
                    }
                    fixed (byte* outPtr = &output[written])
                    {
                        uint space = (uint)(output.Length - written);
                        _stream->NextOut = outPtr;
                        _stream->AvailOut = space;
                        int rc = ZlibNative.Inflate(_stream, Z_SYNC_FLUSH);
                        written += (int)(space - _stream->AvailOut);
                        if (written > maxSize)
                        {
                            failure = Failure.TooBig;
                            return false;
                        }
                        if (rc == Z_STREAM_END)
                        {
                            // A final block (BFINAL) ends the deflate stream: the next message starts a fresh one.
                            InflateReset(_stream);
                            if (_stream->AvailIn == 0) return true;
                            continue;
                        }
                        if (rc != Z_OK && rc != Z_BUF_ERROR)
                        {
                            failure = Failure.Corrupt;
                            InflateReset(_stream);
                            return false;
                        }
                        if (_stream->AvailIn == 0 && _stream->AvailOut != 0) return true;
                        if (rc == Z_BUF_ERROR && _stream->AvailOut != 0) return true; // needs more input than there is
                    }
                }
            }
            finally
            {
                _stream->NextIn = null;
                _stream->NextOut = null;
            }
        }
    }

    public void Dispose()
    {
        if (_stream is null) return;
        InflateEnd(_stream);
        NativeMemory.Free(_stream);
        _stream = null;
        GC.SuppressFinalize(this);
    }

    ~MessageInflater() => Dispose();
}
