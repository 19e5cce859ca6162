using System.Buffers;
using System.IO.Compression;

namespace Squall.Http;

/// <summary>
/// Decodes a <c>gzip</c> or <c>deflate</c> body piece by piece as it arrives, so neither the compressed nor the whole
/// decompressed body has to be held before the size limit can be checked. The decoder streams pull their input from a
/// <see cref="FeedStream"/> that hands out the piece just received and then reports "nothing yet" (a 0-byte read, after
/// which the inflater simply asks again next time), so each piece is inflated completely before the next is read.
/// </summary>
internal sealed class StreamingDecompressor : IDisposable
{
    private readonly string _coding;
    private readonly FeedStream _feed = new();
    private readonly byte[] _output = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private Stream? _decoder;
    private bool _disposed;

    private StreamingDecompressor(string coding) => _coding = coding;

    /// <summary>A decompressor for the <c>Content-Encoding</c> <paramref name="encoding"/>, or null for one it does not decode.</summary>
    public static StreamingDecompressor? For(string encoding)
    {
        var coding = encoding.Trim().ToLowerInvariant();
        return coding is "gzip" or "x-gzip" or "deflate" ? new StreamingDecompressor(coding) : null;
    }

    /// <summary>The coding name as sent (lower case), for <c>X-Consumed-Content-Encoding</c>.</summary>
    public string Coding => _coding;

    /// <summary>Inflates <paramref name="compressed"/> and hands every decoded slice to <paramref name="output"/> before returning.</summary>
    public void Write(ReadOnlySpan<byte> compressed, Action<ReadOnlyMemory<byte>> output)
    {
        if (compressed.IsEmpty) return;
        _decoder ??= CreateDecoder(compressed[0]);
        _feed.Set(compressed);
        try
        {
            int n;
            while ((n = _decoder.Read(_output)) > 0) output(_output.AsMemory(0, n));
        }
        catch (InvalidDataException e)
        {
            throw new HttpClientError(599, "Invalid compressed response body", inner: e);
        }
        finally
        {
            _feed.Set(default);
        }
    }

    // "deflate" in HTTP means the zlib format (RFC 9110 §8.4.1.2); some servers send raw deflate anyway, told apart by
    // the zlib header's compression method nibble (8).
    private Stream CreateDecoder(byte first) => _coding == "deflate"
        ? ((first & 0x0F) == 8 ? new ZLibStream(_feed, CompressionMode.Decompress) : new DeflateStream(_feed, CompressionMode.Decompress))
        : new GZipStream(_feed, CompressionMode.Decompress);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _decoder?.Dispose();
        ArrayPool<byte>.Shared.Return(_output);
    }

    /// <summary>A read-only stream over a copy of the piece being inflated; empty (0-byte reads) between pieces.</summary>
    private sealed class FeedStream : Stream
    {
        private byte[] _buffer = [];
        private int _offset;
        private int _count;

        public void Set(ReadOnlySpan<byte> piece)
        {
            if (_buffer.Length < piece.Length) _buffer = new byte[Math.Max(piece.Length, 16 * 1024)];
            piece.CopyTo(_buffer);
            _offset = 0;
            _count = piece.Length;
        }

        public override int Read(Span<byte> destination)
        {
            int n = Math.Min(destination.Length, _count);
            _buffer.AsSpan(_offset, n).CopyTo(destination);
            _offset += n;
            _count -= n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
