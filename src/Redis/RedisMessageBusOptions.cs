using Microsoft.Extensions.Logging;

namespace Squall.Redis;

/// <summary>Where Redis is and how <see cref="RedisMessageBus"/> behaves when it goes away.</summary>
public sealed class RedisMessageBusOptions
{
    /// <summary>Redis's host name or address.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Redis's port.</summary>
    public int Port { get; set; } = 6379;

    /// <summary>How long one connection attempt may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first wait before reconnecting; it doubles after each failed attempt up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan MinReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between reconnection attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the command connection is checked with <c>PING</c>; a connection that does not answer within the
    /// same interval is closed and re-made (a Redis behind a dead network path sends no FIN).
    /// </summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Where connection losses and recoveries are logged (default: Squall's logger).</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Parses <c>HOST:PORT</c> (or <c>[v6]:PORT</c>, or a bare host for port 6379).</summary>
    public static RedisMessageBusOptions Parse(string endpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        var options = new RedisMessageBusOptions();
        int colon = endpoint.LastIndexOf(':');
        bool bracketed = endpoint.StartsWith('[');
        if (!bracketed && endpoint.IndexOf(':') != colon)
            throw new FormatException($"'{endpoint}': write an IPv6 address in brackets, e.g. [::1]:6379.");
        if (colon > 0 && (!bracketed || endpoint[colon - 1] == ']'))
        {
            if (!int.TryParse(endpoint.AsSpan(colon + 1), out int port) || port is < 1 or > 65535)
                throw new FormatException($"'{endpoint}' has no valid port: use HOST:PORT, e.g. 127.0.0.1:6379.");
            options.Port = port;
            endpoint = endpoint[..colon];
        }
        options.Host = bracketed ? endpoint.Trim('[', ']') : endpoint;
        return options;
    }
}
