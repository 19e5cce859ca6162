using System.IO.Compression;
using Squall.Http;

namespace Squall.Web;

public sealed partial class Application
{
    // The last ETag made, with the hash it quotes and, for a small body, the body itself. One immutable object swapped
    // whole: the servers of several loops share this application, and a hash and string updated separately could
    // pair one thread's hash with another's string.
    private EtagMemo? _lastEtag;

    // Bodies up to this size are remembered byte for byte: comparing 13 bytes costs less than hashing them.
    private const int EtagMemoBody = 64;

    private sealed class EtagMemo(byte[]? body, byte[] hash, string etag)
    {
        public readonly byte[]? Body = body;
        public readonly byte[] Hash = hash;
        public readonly string Etag = etag;
    }

    /// <summary>
    /// The quoted ETag for <paramref name="body"/>: its XxHash128 in hex. The last one is remembered, so a handler that
    /// keeps answering the same body (the common case for hot endpoints) gets its ETag without hashing a small body again
    /// or allocating a string per request.
    /// </summary>
    internal string EtagFor(ReadOnlySpan<byte> body)
    {
        var last = Volatile.Read(ref _lastEtag);
        if (last?.Body is { } lastBody && body.SequenceEqual(lastBody)) return last.Etag;
        Span<byte> hash = stackalloc byte[16];
        System.IO.Hashing.XxHash128.Hash(body, hash);
        if (last is not null && hash.SequenceEqual(last.Hash)) return last.Etag;
        var made = new EtagMemo(body.Length <= EtagMemoBody ? body.ToArray() : null, hash.ToArray(), "\"" + Convert.ToHexStringLower(hash) + "\"");
        Volatile.Write(ref _lastEtag, made);
        return made.Etag;
    }

    /// <summary>Last changes to the headers before they are sent: chooses gzip for a finished, compressible body.</summary>
    internal void PrepareHeaders(RequestHandler handler, bool final)
    {
        handler.Gzip = false;
        if (!Settings.CompressResponse) return;
        if (!handler.ResponseHeaders.ContainsKey("Vary")) handler.ResponseHeaders["Vary"] = "Accept-Encoding";
        if (!final || handler.PendingBody.Length < Settings.CompressMinLength) return;
        if (handler.ResponseHeaders.ContainsKey("Content-Encoding") || handler.ResponseHeaders.ContainsKey("Content-Length")) return;
        if (!handler.ResponseHeaders.TryGetFirst("Content-Type", out var type) || !IsCompressible(type)) return;
        if (!AcceptEncoding.Accepts(handler.Request.Headers.GetList("Accept-Encoding"), "gzip")) return;
        handler.Gzip = true;
        handler.ResponseHeaders["Content-Encoding"] = "gzip";
        // The ETag names the uncompressed representation; mark it weak as Tornado's GZipContentEncoding does.
        if (handler.ResponseHeaders.TryGetFirst("Etag", out var etag) && !etag.StartsWith("W/", StringComparison.Ordinal))
            handler.ResponseHeaders["Etag"] = "W/" + etag;
    }

    internal ReadOnlySpan<byte> TransformBody(RequestHandler handler, ReadOnlySpan<byte> body)
    {
        if (!handler.Gzip) return body;
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(body);
        return output.GetBuffer().AsSpan(0, (int)output.Length);
    }

    // Tornado's GZipContentEncoding.CONTENT_TYPES plus any text/*.
    private static bool IsCompressible(string contentType)
    {
        var type = contentType.AsSpan();
        int semi = type.IndexOf(';');
        if (semi >= 0) type = type[..semi];
        type = type.Trim();
        return type.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/javascript", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/atom+xml", StringComparison.OrdinalIgnoreCase)
            || type.Equals("image/svg+xml", StringComparison.OrdinalIgnoreCase);
    }
}
