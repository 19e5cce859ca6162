using Squall;

namespace Chat;

/// <summary>
/// The last <see cref="CacheSize"/> messages and the clients waiting for new ones (Tornado's chat demo
/// <c>MessageBuffer</c>). Loop-thread only.
/// </summary>
public sealed class MessageBuffer
{
    private readonly List<ChatMessage> _cache = new();
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly HashSet<Future> _waiters = new();

    /// <summary>How many messages are kept for clients that reconnect.</summary>
    public int CacheSize { get; init; } = 200;

    /// <summary>Clients currently long-polling.</summary>
    public int WaiterCount => _waiters.Count;

    /// <summary>Raised on the loop with the new <see cref="WaiterCount"/> whenever a client starts or stops waiting.</summary>
    public event Action<int>? WaiterCountChanged;

    /// <summary>The cached messages, oldest first.</summary>
    public IReadOnlyList<ChatMessage> Cache => _cache;

    /// <summary>Messages after the one with id <paramref name="cursor"/> (all cached ones when it is null or unknown).</summary>
    public List<ChatMessage> GetMessagesSince(string? cursor)
    {
        if (cursor is null) return new List<ChatMessage>(_cache);
        for (int i = _cache.Count - 1; i >= 0; i--)
            if (_cache[i].Id == cursor) return _cache.GetRange(i + 1, _cache.Count - i - 1);
        return new List<ChatMessage>(_cache);
    }

    /// <summary>A future completed when the next message arrives; cancel it (and it is forgotten) when the client leaves.</summary>
    public Future WaitForMessages()
    {
        var waiter = new Future();
        _waiters.Add(waiter);
        WaiterCountChanged?.Invoke(_waiters.Count);
        waiter.AddDoneCallback(f =>
        {
            if (_waiters.Remove(f)) WaiterCountChanged?.Invoke(_waiters.Count);
        });
        return waiter;
    }

    /// <summary>Runs for every new message (the WebSocket side broadcasts from here).</summary>
    public event Action<ChatMessage>? MessageAdded;

    /// <summary>
    /// Stores a message, drops the oldest beyond <see cref="CacheSize"/>, and wakes every waiter and listener. A
    /// message whose id is already cached is ignored (false): with several nodes the same message can arrive twice
    /// (the pub/sub delivery and a history reload after a reconnect), and each client must see it once.
    /// </summary>
    public bool AddMessage(ChatMessage message)
    {
        if (!_ids.Add(message.Id)) return false;
        _cache.Add(message);
        if (_cache.Count > CacheSize)
        {
            int drop = _cache.Count - CacheSize;
            for (int i = 0; i < drop; i++) _ids.Remove(_cache[i].Id);
            _cache.RemoveRange(0, drop);
        }
        foreach (var waiter in _waiters.ToArray()) waiter.TrySetResult();
        MessageAdded?.Invoke(message);
        return true;
    }
}
