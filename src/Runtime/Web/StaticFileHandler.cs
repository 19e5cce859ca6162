using System.Globalization;

namespace Squall.Web;

/// <summary>
/// Serves files under a root directory (Tornado's <c>StaticFileHandler</c>): content type by extension, a content-hash
/// ETag and <c>Last-Modified</c>, 304 for <c>If-None-Match</c>/<c>If-Modified-Since</c>, a single <c>Range</c> → 206
/// (or 416), long caching when the URL carries the <c>v</c> version of <see cref="Application.StaticUrl"/>. A path that
/// leaves the root — <c>..</c>, encoded <c>%2e%2e</c>, an absolute path, a symlink out — is refused with 403.
/// </summary>
/// <remarks>
/// <see cref="Application"/> serves <see cref="ApplicationSettings.StaticUrlPrefix"/> from
/// <see cref="ApplicationSettings.StaticPath"/> with this handler; subclass it with a <c>[Route("/x/{*path}")]</c>
/// and override <see cref="Root"/> for other directories. Files are hashed (on a cache miss) and opened on the loop's
/// executor. Over plain TCP the body goes with <c>sendfile(2)</c>, driven by the socket's write readiness: no
/// buffer of ours holds it (nginx's way; a file not in the page cache is read by the kernel on the loop's thread).
/// Over TLS it is read in 64 KiB pieces on the executor, with a flush between pieces. Either way a large file does
/// not sit in memory, and a client that stops reading is cut off by <see cref="Squall.Http.HttpServerSettings.WriteTimeout"/>.
/// </remarks>
public class StaticFileHandler : RequestHandler
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>The directory served (default: <see cref="ApplicationSettings.StaticPath"/>).</summary>
    public virtual string Root => Settings.StaticPath ?? throw new HttpError(404, "No StaticPath configured");

    /// <summary>Serves <paramref name="path"/> (relative to <see cref="Root"/>).</summary>
    public Future Get(string path) => Serve(path, includeBody: true);

    /// <summary>Headers only.</summary>
    public Future Head(string path) => Serve(path, includeBody: false);

    private async Future Serve(string path, bool includeBody)
    {
        string? file = StaticFiles.Resolve(Root, path);
        if (file is null) throw new HttpError(403, path + " is not in the static root");
        if (Directory.Exists(file)) throw new HttpError(403, path + " is a directory");
        var info = new FileInfo(file);
        if (!info.Exists) throw new HttpError(404, path + " not found");

        long size = info.Length;
        var modified = new DateTimeOffset(info.LastWriteTimeUtc.Ticks - info.LastWriteTimeUtc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var loop = IOLoop.Current; // the loop this request runs on
        SetHeader("Etag", "\"" + await StaticFiles.ContentHashAsync(loop, file, info) + "\"");
        SetHeader("Last-Modified", modified.ToString("R", CultureInfo.InvariantCulture));
        SetHeader("Accept-Ranges", "bytes");
        SetHeader("Content-Type", ContentTypes.ForPath(file));
        if (Request.QueryArguments.ContainsKey("v"))
            SetHeader("Cache-Control", "max-age=" + (86400 * 365 * 10).ToString(CultureInfo.InvariantCulture));

        if (NotModified(modified))
        {
            SetStatus(304);
            return;
        }

        long start = 0, end = size; // [start, end)
        if (Request.Headers.TryGetFirst("Range", out var range) && ByteRange.TryParse(range, out var first, out var last))
        {
            if (!ByteRange.Resolve(first, last, size, out start, out end))
            {
                // RFC 9110 §15.5.17: unsatisfiable, with the current length.
                SetStatus(416);
                ClearHeader("Content-Type");
                SetHeader("Content-Range", "bytes */" + size.ToString(CultureInfo.InvariantCulture));
                return;
            }
            SetStatus(206);
            SetHeader("Content-Range", $"bytes {start}-{end - 1}/{size}");
        }
        SetHeader("Content-Length", (end - start).ToString(CultureInfo.InvariantCulture));
        if (!includeBody || end == start) return;
        await WriteFile(loop, file, start, end);
    }

    private async Future WriteFile(IOLoop loop, string file, long start, long end)
    {
        using var handle = await loop.RunInExecutor(() => File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.SequentialScan));
        // Plain TCP: the kernel sends the file from the page cache (sendfile), no buffer of ours, no copy. TLS and
        // compressed responses read it in pieces below.
        if (TrySendFile(handle, start, end - start) is { } sent)
        {
            await sent;
            return;
        }
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long offset = start;
            while (offset < end)
            {
                int want = (int)Math.Min(ChunkSize, end - offset);
                long at = offset;
                int n = await loop.RunInExecutor(() => RandomAccess.Read(handle, buffer.AsSpan(0, want), at));
                if (n == 0) throw new IOException("The file shrank while being served.");
                offset += n;
                Write(buffer.AsSpan(0, n));
                if (offset < end)
                {
                    await Flush();
                    if (Request.Connection.Closed) return;
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool NotModified(DateTimeOffset modified)
    {
        // RFC 9110 §13.2.2: If-None-Match takes precedence over If-Modified-Since.
        if (Request.Headers.ContainsKey("If-None-Match")) return CheckEtagHeader();
        return Request.Headers.TryGetFirst("If-Modified-Since", out var since)
            && DateTimeOffset.TryParseExact(since, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            && date >= modified;
    }
}
