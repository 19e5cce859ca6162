using System.IO.Compression;
using Squall.Http;

namespace Squall.Web;

public sealed partial class Application
{
    private readonly byte[] _lastEtagHash = new byte[20];
    private string? _lastEtag;

    /// <summary>
    /// The quoted ETag for a body hash. The last one is remembered, so a handler that keeps answering the same body
    /// (the common case for hot endpoints) gets its ETag without allocating a string per request.
    /// </summary>
    internal string EtagFor(ReadOnlySpan<byte> hash)
    {
        if (_lastEtag is not null && hash.SequenceEqual(_lastEtagHash.AsSpan(0, hash.Length))) return _lastEtag;
        hash.CopyTo(_lastEtagHash);
        return _lastEtag = "\"" + Convert.ToHexStringLower(hash) + "\"";
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
