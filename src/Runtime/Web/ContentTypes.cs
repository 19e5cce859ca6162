namespace Squall.Web;

/// <summary>Content types by file extension for static files (the common subset of Python's <c>mimetypes</c>).</summary>
public static class ContentTypes
{
    private static readonly Dictionary<string, string> s_types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=UTF-8", [".htm"] = "text/html; charset=UTF-8",
        [".css"] = "text/css; charset=UTF-8", [".js"] = "text/javascript; charset=UTF-8", [".mjs"] = "text/javascript; charset=UTF-8",
        [".json"] = "application/json", [".txt"] = "text/plain; charset=UTF-8", [".csv"] = "text/csv; charset=UTF-8",
        [".xml"] = "application/xml", [".svg"] = "image/svg+xml", [".png"] = "image/png", [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg", [".gif"] = "image/gif", [".webp"] = "image/webp", [".ico"] = "image/x-icon",
        [".woff"] = "font/woff", [".woff2"] = "font/woff2", [".pdf"] = "application/pdf", [".wasm"] = "application/wasm",
        [".mp4"] = "video/mp4", [".mp3"] = "audio/mpeg", [".zip"] = "application/zip", [".gz"] = "application/gzip",
    };

    /// <summary>The content type for <paramref name="path"/>'s extension; <c>application/octet-stream</c> when unknown.</summary>
    public static string ForPath(string path) =>
        s_types.TryGetValue(Path.GetExtension(path), out var type) ? type : "application/octet-stream";
}
