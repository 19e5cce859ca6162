namespace Squall.Redis;

/// <summary>
/// Publish/subscribe between the nodes of an application (chat fan-out, cache invalidation): a message published on
/// a channel reaches every subscriber of that channel on every node once, in the order the bus delivered it.
/// Loop-thread only; handlers run on the loop of the bus.
/// </summary>
public interface IMessageBus
{
    /// <summary>
    /// Publishes <paramref name="message"/> on <paramref name="channel"/>. The future fails when the bus cannot take
    /// the message now (e.g. Redis is unreachable): the caller decides whether to deliver it locally instead.
    /// </summary>
    Future Publish(string channel, ReadOnlyMemory<byte> message);

    /// <summary>Calls <paramref name="handler"/> with every message published on <paramref name="channel"/> from now on.</summary>
    void Subscribe(string channel, Action<ReadOnlyMemory<byte>> handler);
}
