using System.Text;
using Microsoft.Extensions.Logging;

namespace Squall.Redis;

/// <summary>
/// A <see cref="IMessageBus"/> over Redis pub/sub: <c>PUBLISH</c> on a command connection, <c>SUBSCRIBE</c> on a
/// second one (a subscribed Redis connection takes no other commands). Losing Redis never takes the node down: the
/// loss is logged, publishing fails fast (the caller can serve its local clients), the bus reconnects with
/// exponential backoff, subscribes again to every channel, and raises <see cref="Connected"/>. Runs on the loop it
/// was started on; nothing here touches another thread.
/// </summary>
public sealed class RedisMessageBus : IMessageBus, IDisposable
{
    private readonly RedisMessageBusOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, List<Action<ReadOnlyMemory<byte>>>> _handlers = new(StringComparer.Ordinal);
    private RedisConnection? _commands;
    private RedisConnection? _subscriber;
    private Future? _lost;
    private PeriodicCallback? _healthCheck;
    private bool _disposed;

    /// <summary>Creates the bus; <see cref="Start"/> connects it.</summary>
    public RedisMessageBus(RedisMessageBusOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = options.Logger ?? SquallLogging.Default;
    }

    /// <summary>True while both connections are up and subscribed.</summary>
    public bool IsConnected { get; private set; }

    /// <summary>
    /// Raised on the loop each time the bus has (re)connected and subscribed: messages published while it was away
    /// were not delivered here, so this is the moment to reload shared state (e.g. a history list).
    /// </summary>
    public event Action? Connected;

    /// <summary>Raised on the loop when a working connection to Redis is lost (once per outage).</summary>
    public event Action? Disconnected;

    /// <summary>How many times the bus has connected (1 after the first connection; more after each recovery).</summary>
    public int ConnectionCount { get; private set; }

    /// <summary>Starts connecting on the current loop and keeps the bus connected until <see cref="Dispose"/>.</summary>
    public void Start() => IOLoop.Current.SpawnCallback(MaintainConnection);

    /// <inheritdoc />
    public Future Publish(string channel, ReadOnlyMemory<byte> message)
    {
        if (!_channelNames.TryGetValue(channel, out var name)) _channelNames[channel] = name = Encoding.UTF8.GetBytes(channel);
        // The reply (how many subscribers got it) is the future itself: no wrapper per publish.
        return Execute([PublishCommand, name, message]);
    }

    /// <inheritdoc />
    public void Subscribe(string channel, Action<ReadOnlyMemory<byte>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!_handlers.TryGetValue(channel, out var handlers))
        {
            _handlers[channel] = handlers = new();
            if (IsConnected) _subscriber!.Subscribe(OnPush, channel);
        }
        handlers.Add(handler);
    }

    /// <summary>
    /// Sends any command on the bus's command connection (e.g. <c>RPUSH</c> to keep a shared history); fails with
    /// <see cref="RedisException"/> at once while Redis is unreachable.
    /// </summary>
    public Future<RespValue> Execute(params ReadOnlySpan<ReadOnlyMemory<byte>> arguments)
    {
        if (!IsConnected || _commands is not { Closed: false } commands)
            return Future.FromException<RespValue>(new RedisException($"Not connected to Redis at {_options.Host}:{_options.Port}."));
        return commands.Execute(arguments);
    }

    /// <summary>Sends a command given as text arguments.</summary>
    public Future<RespValue> Execute(params string[] arguments) => Execute(RespWriter.Encode(arguments));

    /// <summary>Closes the connections and stops reconnecting.</summary>
    public void Dispose()
    {
        _disposed = true;
        _healthCheck?.Stop();
        _commands?.Dispose();
        _subscriber?.Dispose();
        _lost?.TrySetResult();
    }

    private static readonly byte[] PublishCommand = "PUBLISH"u8.ToArray();

    private readonly Dictionary<string, byte[]> _channelNames = new(StringComparer.Ordinal);

    private async Future MaintainConnection()
    {
        var delay = _options.MinReconnectDelay;
        bool loggedDown = false;
        while (!_disposed)
        {
            try
            {
                await ConnectOnce();
                delay = _options.MinReconnectDelay;
                loggedDown = false;
                await _lost!;
                IsConnected = false;
                Disconnected?.Invoke();
                _healthCheck?.Stop();
                var reason = _commands?.CloseReason ?? _subscriber?.CloseReason;
                _commands?.Dispose();
                _subscriber?.Dispose();
                if (_disposed) return;
                _logger.LogWarning("Lost the connection to Redis at {Host}:{Port} ({Reason}); reconnecting",
                    _options.Host, _options.Port, reason?.Message ?? "closed by the server");
            }
            catch (RedisException e)
            {
                IsConnected = false;
                _commands?.Dispose();
                _subscriber?.Dispose();
                if (_disposed) return;
                // One line per outage, not one per attempt: a node without Redis for an hour must not flood its log.
                if (!loggedDown)
                    _logger.LogWarning("Redis at {Host}:{Port} is unreachable ({Reason}); retrying with backoff up to {Max}",
                        _options.Host, _options.Port, e.Message, _options.MaxReconnectDelay);
                loggedDown = true;
                await Gen.Sleep(Jittered(delay));
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
            }
        }
    }

    private async Future ConnectOnce()
    {
        _lost = new Future();
        var lost = _lost;
        _commands = await RedisConnection.Connect(_options.Host, _options.Port, _options.ConnectTimeout);
        _commands.Closing = () => lost.TrySetResult();
        _subscriber = await RedisConnection.Connect(_options.Host, _options.Port, _options.ConnectTimeout);
        _subscriber.Closing = () => lost.TrySetResult();
        // PING proves the server speaks RESP before the node counts itself connected.
        await _commands.Execute("PING");
        _subscriber.Subscribe(OnPush, _handlers.Keys.ToArray());
        IsConnected = true;
        ConnectionCount++;
        StartHealthCheck(_commands);
        _logger.LogInformation("Connected to Redis at {Host}:{Port}", _options.Host, _options.Port);
        Connected?.Invoke();
    }

    private void StartHealthCheck(RedisConnection commands)
    {
        Future<RespValue>? outstanding = null;
        _healthCheck?.Stop();
        _healthCheck = new PeriodicCallback(() =>
        {
            // The previous PING still unanswered after a whole interval: the path to Redis is dead.
            if (outstanding is { IsDone: false })
            {
                commands.Dispose();
                return;
            }
            outstanding = commands.Closed ? null : commands.Execute("PING");
        }, _options.HealthCheckInterval);
        _healthCheck.Start();
    }

    private void OnPush(RespValue push)
    {
        // ["message", channel, payload]; subscribe confirmations (["subscribe", channel, n]) need nothing.
        if (push.Items is not { Length: 3 } items || items[0].Text != "message" || items[1].Text is not { } channel) return;
        if (!_handlers.TryGetValue(channel, out var handlers)) return;
        var payload = items[2].Bytes ?? Array.Empty<byte>();
        foreach (var handler in handlers.ToArray())
        {
            try
            {
                handler(payload);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "A handler of Redis channel {Channel} failed", channel);
            }
        }
    }

    private static TimeSpan Jittered(TimeSpan delay) =>
        // Up to 25 % either way, so nodes that lost Redis together do not reconnect in lockstep.
        TimeSpan.FromTicks((long)(delay.Ticks * (0.75 + Random.Shared.NextDouble() * 0.5)));
}
