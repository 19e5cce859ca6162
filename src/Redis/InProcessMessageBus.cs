namespace Squall.Redis;

/// <summary>The bus of a single process: a published message goes straight to this process's subscribers.</summary>
public sealed class InProcessMessageBus : IMessageBus
{
    private readonly Dictionary<string, List<Action<ReadOnlyMemory<byte>>>> _handlers = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Future Publish(string channel, ReadOnlyMemory<byte> message)
    {
        if (_handlers.TryGetValue(channel, out var handlers))
            foreach (var handler in handlers.ToArray()) handler(message);
        return Future.Completed;
    }

    /// <inheritdoc />
    public void Subscribe(string channel, Action<ReadOnlyMemory<byte>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!_handlers.TryGetValue(channel, out var handlers)) _handlers[channel] = handlers = new();
        handlers.Add(handler);
    }
}
