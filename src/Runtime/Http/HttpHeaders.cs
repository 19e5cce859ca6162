using System.Collections;
using System.Text;

namespace Squall.Http;

/// <summary>
/// HTTP headers: names compare case-insensitively, a name may carry several values, order is kept
/// (Tornado's <c>HTTPHeaders</c>). Loop-affine like everything on the request path.
/// </summary>
/// <remarks>
/// Stored as a flat list of entries rather than a dictionary: requests carry a handful of headers, a linear
/// scan with <see cref="StringComparison.OrdinalIgnoreCase"/> beats hashing at that size, and the list can be
/// cleared and refilled per request without allocating.
/// </remarks>
public sealed class HttpHeaders : IEnumerable<KeyValuePair<string, string>>
{
    private KeyValuePair<string, string>[] _entries;
    private int _count;

    /// <summary>Creates an empty header collection.</summary>
    public HttpHeaders() => _entries = new KeyValuePair<string, string>[8];

    /// <summary>Number of (name, value) entries, counting each value of a multi-valued name.</summary>
    public int Count => _count;

    /// <summary>
    /// The value of <paramref name="name"/>: several values are joined with <c>","</c> (RFC 9110 §5.3);
    /// null when absent. Setting replaces every value of the name.
    /// </summary>
    public string? this[string name]
    {
        get
        {
            string? first = null;
            StringBuilder? joined = null;
            for (int i = 0; i < _count; i++)
            {
                if (!SameName(_entries[i].Key, name)) continue;
                if (first is null) { first = _entries[i].Value; continue; }
                joined ??= new StringBuilder(first);
                joined.Append(',').Append(_entries[i].Value);
            }
            return joined?.ToString() ?? first;
        }
        set
        {
            // Tornado's __setitem__: a name already present keeps its place (a dict assignment), with the one value.
            int first = IndexOf(name, 0);
            if (first < 0 || value is null)
            {
                if (first >= 0) RemoveFrom(name, first);
                if (value is not null) Add(name, value);
                return;
            }
            _entries[first] = new KeyValuePair<string, string>(name, value);
            if (IndexOf(name, first + 1) is int next and >= 0) RemoveFrom(name, next);
        }
    }

    /// <summary>Appends a value for <paramref name="name"/>, keeping the values already there.</summary>
    public void Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (_count == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
        _entries[_count++] = new KeyValuePair<string, string>(name, value);
    }

    /// <summary>Every value of <paramref name="name"/> in arrival order (empty when absent).</summary>
    public List<string> GetList(string name)
    {
        var list = new List<string>();
        for (int i = 0; i < _count; i++)
        {
            if (SameName(_entries[i].Key, name)) list.Add(_entries[i].Value);
        }
        return list;
    }

    /// <summary>Every (name, value) pair in arrival order; a multi-valued name appears once per value.</summary>
    public IEnumerable<KeyValuePair<string, string>> GetAll()
    {
        for (int i = 0; i < _count; i++) yield return _entries[i];
    }

    /// <summary>True when <paramref name="name"/> has at least one value.</summary>
    public bool ContainsKey(string name) => IndexOf(name, 0) >= 0;

    /// <summary>The first value of <paramref name="name"/>, without joining; false when absent.</summary>
    public bool TryGetFirst(string name, out string value)
    {
        int i = IndexOf(name, 0);
        value = i >= 0 ? _entries[i].Value : string.Empty;
        return i >= 0;
    }

    /// <summary>Removes every value of <paramref name="name"/>; true when something was removed.</summary>
    public bool Remove(string name)
    {
        int first = IndexOf(name, 0);
        if (first < 0) return false;
        RemoveFrom(name, first);
        return true;
    }

    /// <summary>Removes every header.</summary>
    public void Clear()
    {
        // The span's Clear, not Array.Clear(Array, ...): the latter checks the array's type on every call, and
        // NativeAOT does not inline it (issue 16).
        _entries.AsSpan(0, _count).Clear();
        _count = 0;
    }

    // Removes every entry of `name` from `first` on (the first one known to match), keeping the order of the rest.
    private void RemoveFrom(string name, int first)
    {
        int write = first;
        for (int read = first + 1; read < _count; read++)
        {
            if (SameName(_entries[read].Key, name)) continue;
            _entries[write++] = _entries[read];
        }
        _entries.AsSpan(write, _count - write).Clear();
        _count = write;
    }

    /// <summary>Entry <paramref name="index"/> in arrival order (no allocation; for writers walking the headers).</summary>
    public KeyValuePair<string, string> EntryAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count);
        return _entries[index];
    }

    /// <summary>An allocation-free enumerator over the entries.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, string>> IEnumerable<KeyValuePair<string, string>>.GetEnumerator() => GetAll().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetAll().GetEnumerator();

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < _count; i++) sb.Append(_entries[i].Key).Append(": ").Append(_entries[i].Value).Append("\r\n");
        return sb.ToString();
    }

    // Names compare case-insensitively, but most lookups pass the very string stored (parsed names and handlers' names
    // are the same interned literals) or one of another length: both answered inline before the call that folds case.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool SameName(string stored, string name) =>
        ReferenceEquals(stored, name) || (name is not null && stored.Length == name.Length && string.Equals(stored, name, StringComparison.OrdinalIgnoreCase));

    private int IndexOf(string name, int start)
    {
        for (int i = start; i < _count; i++)
        {
            if (SameName(_entries[i].Key, name)) return i;
        }
        return -1;
    }

    /// <summary>Enumerates entries without allocating.</summary>
    public struct Enumerator
    {
        private readonly HttpHeaders _headers;
        private int _index;

        internal Enumerator(HttpHeaders headers)
        {
            _headers = headers;
            _index = -1;
        }

        /// <summary>The current entry.</summary>
        public readonly KeyValuePair<string, string> Current => _headers._entries[_index];

        /// <summary>Advances to the next entry.</summary>
        public bool MoveNext() => ++_index < _headers._count;
    }
}
