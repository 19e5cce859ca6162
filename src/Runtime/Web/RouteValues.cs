using System.Runtime.CompilerServices;

namespace Squall.Web;

/// <summary>
/// The parameter values of a matched route, as ranges of the request path (so matching allocates nothing).
/// Filled by the generated matcher, read by the generated dispatch.
/// </summary>
public struct RouteValues
{
    /// <summary>The most parameters one route may have.</summary>
    public const int Capacity = 16;

    private RangeBuffer _ranges;
    private string[]? _groups;

    /// <summary>The path the ranges refer to.</summary>
    public string Path { get; private set; }

    /// <summary>How many values are set.</summary>
    public int Count { get; private set; }

    /// <summary>Starts a new match against <paramref name="path"/>.</summary>
    public void Reset(string path)
    {
        Path = path;
        Count = 0;
        _groups = null;
    }

    /// <summary>Appends the value at <c>path[start..start+length]</c>.</summary>
    public void Add(int start, int length)
    {
        if (Count == Capacity) throw new InvalidOperationException("A route has at most " + Capacity + " parameters.");
        _ranges[Count++] = new ValueRange(start, length);
    }

    /// <summary>Sets the values from a regex match's groups (regex routes; these allocate, as Tornado's do).</summary>
    public void SetGroups(string?[] groups)
    {
        _groups = groups!;
        Count = groups.Length;
    }

    /// <summary>The raw (still percent-encoded) text of value <paramref name="index"/>.</summary>
    public readonly ReadOnlySpan<char> this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            if (_groups is not null) return _groups[index];
            var r = _ranges[index];
            return Path.AsSpan(r.Start, r.Length);
        }
    }

    /// <summary>Value <paramref name="index"/> percent-decoded, as Tornado decodes path arguments.</summary>
    public readonly string? GetString(int index)
    {
        if (_groups is not null) return _groups[index] is { } g ? RoutePath.Decode(g) : null;
        return RoutePath.Decode(this[index]);
    }

    [InlineArray(Capacity)]
    private struct RangeBuffer
    {
        private ValueRange _element;
    }

    private readonly record struct ValueRange(int Start, int Length);
}
