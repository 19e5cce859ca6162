using System.Security.Cryptography;

namespace Squall.Web;

/// <summary>
/// Path resolution and content hashes for <see cref="StaticFileHandler"/>: every request path is resolved to its real
/// file (symlinks followed) and refused unless it stays under the real root.
/// </summary>
internal static class StaticFiles
{
    /// <summary>Hashes by path; bounded, so serving many distinct files (or one changing file) cannot grow it without end.</summary>
    internal static ContentHashCache Hashes { get; } = new(capacity: 4096);

    /// <summary>
    /// The real path of <paramref name="relative"/> under <paramref name="root"/>, or null when it would leave the root
    /// (<c>..</c>, an absolute path, a symlink pointing out) or contains a NUL.
    /// </summary>
    public static string? Resolve(string root, string relative)
    {
        if (relative.Contains('\0') || relative.Contains('\\')) return null;
        string realRoot = RealPath(Path.GetFullPath(root)) ?? Path.GetFullPath(root);
        // Path.Combine would let an absolute "relative" replace the root: treat a leading '/' as outside.
        if (Path.IsPathRooted(relative)) return null;
        string full = Path.GetFullPath(Path.Combine(realRoot, relative));
        if (!IsUnder(full, realRoot)) return null;
        string? real = RealPath(full);
        return real is not null && IsUnder(real, realRoot) ? real : null;
    }

    /// <summary>
    /// Hex SHA-256 of the file, cached by path, modification time and length. Computed on the calling thread on a miss:
    /// for <see cref="Application.StaticUrl"/>, which must answer at once (Tornado hashes there too); requests use
    /// <see cref="ContentHashAsync"/>.
    /// </summary>
    public static string ContentHash(string path, FileInfo info)
    {
        long ticks = info.LastWriteTimeUtc.Ticks, length = info.Length;
        return Hashes.Get(path, ticks, length) ?? Compute(path, ticks, length);
    }

    /// <summary>
    /// As <see cref="ContentHash"/>, but a miss is hashed on <paramref name="loop"/>'s executor, so a large (or slow, or
    /// not yet written) file never stalls the loop; the future completes on the loop.
    /// </summary>
    public static Future<string> ContentHashAsync(IOLoop loop, string path, FileInfo info)
    {
        long ticks = info.LastWriteTimeUtc.Ticks, length = info.Length;
        if (Hashes.Get(path, ticks, length) is { } hash) return Future.FromResult(hash);
        return loop.RunInExecutor(() => Compute(path, ticks, length));
    }

    private static string Compute(string path, long ticks, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        string hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        Hashes.Set(path, ticks, length, hash);
        return hash;
    }

    private static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    /// <summary>Resolves symlinks component by component (POSIX <c>realpath</c>); null on a loop or a missing link target.</summary>
    private static string? RealPath(string full)
    {
        var pending = new Stack<string>(full.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        string current = "/";
        int hops = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }
            string next = Path.Join(current, part);
            string? target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }
            if (++hops > 40) return null; // ELOOP
            string resolved = Path.IsPathRooted(target) ? target : Path.Join(current, target);
            foreach (var p in resolved.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.Push(p);
            current = "/";
        }
        return current;
    }
}
