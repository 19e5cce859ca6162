using Squall.IO;

namespace Squall.Http;

/// <summary>Idle keep-alive client connections by <c>host:port</c>, newest first. A connection found closed is skipped; one the server closed unnoticed fails its first use, and the client retries once.</summary>
internal sealed class ConnectionPool
{
    private readonly Dictionary<string, List<IOStream>> _idle = new(StringComparer.OrdinalIgnoreCase);

    public int MaxIdlePerHost { get; set; } = 8;

    public bool TryTake(string key, out IOStream? stream)
    {
        stream = null;
        if (!_idle.TryGetValue(key, out var list)) return false;
        while (list.Count > 0)
        {
            var candidate = list[^1];
            list.RemoveAt(list.Count - 1);
            candidate.SetCloseCallback(null);
            if (!candidate.Closed)
            {
                stream = candidate;
                return true;
            }
        }
        return false;
    }

    public void Return(string key, IOStream stream)
    {
        if (!_idle.TryGetValue(key, out var list)) _idle[key] = list = [];
        if (list.Count >= MaxIdlePerHost)
        {
            stream.Close();
            return;
        }
        list.Add(stream);
        stream.SetCloseCallback(() => list.Remove(stream));
    }

    public void Clear()
    {
        foreach (var list in _idle.Values)
        {
            foreach (var s in list.ToArray()) s.Close();
            list.Clear();
        }
        _idle.Clear();
    }
}
