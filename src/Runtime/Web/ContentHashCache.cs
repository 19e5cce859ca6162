namespace Squall.Web;

/// <summary>
/// Content hashes of static files, one entry per path (a changed file replaces its entry, keyed by modification time
/// and length), at most <see cref="Capacity"/> entries, least recently used evicted first. Shared by every loop and
/// the executor threads that compute hashes, hence the lock (held only for dictionary and list updates).
/// </summary>
internal sealed class ContentHashCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _byPath = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new(); // most recently used first

    private readonly record struct Entry(string Path, long Ticks, long Length, string Hash);

    /// <summary>Most entries kept.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>Entries held now.</summary>
    public int Count
    {
        get
        {
            lock (_byPath) return _byPath.Count;
        }
    }

    /// <summary>The hash stored for this version of <paramref name="path"/>, or null.</summary>
    public string? Get(string path, long ticks, long length)
    {
        lock (_byPath)
        {
            if (!_byPath.TryGetValue(path, out var node) || node.Value.Ticks != ticks || node.Value.Length != length) return null;
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Hash;
        }
    }

    /// <summary>Stores the hash of this version of <paramref name="path"/>, replacing an older version's.</summary>
    public void Set(string path, long ticks, long length, string hash)
    {
        lock (_byPath)
        {
            if (_byPath.Remove(path, out var old)) _recency.Remove(old);
            else if (_byPath.Count >= Capacity && _recency.Last is { } eldest)
            {
                _recency.RemoveLast();
                _byPath.Remove(eldest.Value.Path);
            }
            _byPath[path] = _recency.AddFirst(new Entry(path, ticks, length, hash));
        }
    }
}
