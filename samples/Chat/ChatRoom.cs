using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Squall;
using Squall.Redis;

namespace Chat;

/// <summary>
/// Where a new message goes. On one node, straight into its <see cref="MessageBuffer"/>. With Redis, to every node:
/// one atomic script appends it to a capped history list (so a page loaded from any node shows the same recent
/// messages) and publishes it; every node, the sender included, adds it to its buffer when Redis delivers it, so
/// all nodes see messages in Redis's order. While Redis is unreachable a node keeps serving its own clients: the
/// message is delivered locally and the loss is logged by the bus.
/// </summary>
public sealed class ChatRoom
{
    /// <summary>The pub/sub channel messages travel on.</summary>
    public const string Channel = "squall:chat";

    /// <summary>The capped list that holds the shared history.</summary>
    public const string HistoryKey = "squall:chat:history";

    // RPUSH + LTRIM + PUBLISH in one script: atomic, so the history's order is the order of delivery.
    private const string PostScript =
        "redis.call('RPUSH', KEYS[1], ARGV[1]) redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1) " +
        "return redis.call('PUBLISH', KEYS[2], ARGV[1])";

    private readonly MessageBuffer _buffer;
    private readonly RedisMessageBus? _redis;
    private readonly ILogger _logger;

    /// <summary>A room on this node only.</summary>
    public ChatRoom(MessageBuffer buffer) : this(buffer, null, null) { }

    /// <summary>A room shared by every node connected to <paramref name="redis"/>.</summary>
    public ChatRoom(MessageBuffer buffer, RedisMessageBus? redis, ILogger? logger)
    {
        _buffer = buffer;
        _redis = redis;
        _logger = logger ?? SquallLogging.Default;
        if (redis is null) return;
        redis.Subscribe(Channel, OnDelivered);
        redis.Connected += LoadHistory;
    }

    /// <summary>Sends <paramref name="message"/> to every client of the room, on every node.</summary>
    public void Post(ChatMessage message)
    {
        if (_redis is null)
        {
            _buffer.AddMessage(message);
            return;
        }
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(message, ChatJsonContext.Default.ChatMessage);
        var sent = _redis.Execute(
            "EVAL"u8.ToArray(), Encoding.UTF8.GetBytes(PostScript), "2"u8.ToArray(),
            Encoding.UTF8.GetBytes(HistoryKey), Encoding.UTF8.GetBytes(Channel),
            json, Encoding.UTF8.GetBytes(_buffer.CacheSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        sent.AddDoneCallback(f =>
        {
            if (f.Exception is null) return;
            // Redis did not take it (down, or the connection broke on the way): this node's clients still get it.
            // If Redis did deliver it after all, the buffer drops the second copy by id.
            _logger.LogWarning("Chat message {Id} delivered on this node only: {Reason}", message.Id, f.Exception.Message);
            _buffer.AddMessage(message);
        });
    }

    private void OnDelivered(ReadOnlyMemory<byte> json)
    {
        if (Parse(json.Span) is { } message) _buffer.AddMessage(message);
    }

    /// <summary>After each (re)connection: messages posted while this node was away are in the shared history.</summary>
    private void LoadHistory()
    {
        var history = _redis!.Execute("LRANGE", HistoryKey, "0", "-1");
        history.AddDoneCallback(f =>
        {
            if (f.Exception is { } e)
            {
                _logger.LogWarning("Could not load the chat history from Redis: {Reason}", e.Message);
                return;
            }
            foreach (var item in history.Result.Items ?? [])
                if (item.Bytes is { } bytes && Parse(bytes) is { } message) _buffer.AddMessage(message);
        });
    }

    private ChatMessage? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ChatJsonContext.Default.ChatMessage);
        }
        catch (JsonException e)
        {
            // Another program wrote to our channel: skip what is not a chat message rather than stop delivery.
            _logger.LogWarning("Skipped a malformed chat message from Redis: {Reason}", e.Message);
            return null;
        }
    }
}
