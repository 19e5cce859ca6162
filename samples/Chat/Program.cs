using Squall;
using System.Security.Cryptography;
using Squall.Redis;
using Squall.Web;

namespace Chat;

/// <summary>The chat application's parts, public so tests can serve it.</summary>
public static class ChatApp
{
    /// <summary>The process's message buffer (the demo keeps one room in memory).</summary>
    public static MessageBuffer Buffer { get; } = new();

    /// <summary>Where new messages go: this node's buffer, or every node's through Redis (<c>--redis</c>).</summary>
    public static ChatRoom Room { get; set; } = new(Buffer);

    /// <summary>This assembly's generated routes.</summary>
    public static RouteTable Routes => Squall.Generated.Routes.Table;

    /// <summary>XSRF on, as in Tornado's demo; a fresh cookie secret unless one is given.</summary>
    public static ApplicationSettings CreateSettings(string? cookieSecret = null) => new()
    {
        XsrfCookies = true,
        CookieSecret = cookieSecret ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
    };
}

public static class Program
{
    public static int Main(string[] args)
    {
        int port = 8888;
        string address = "127.0.0.1";
        string? redis = null;
        bool xheaders = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out var p) && p is >= 0 and <= 65535:
                    port = p;
                    i++;
                    break;
                case "--address" when i + 1 < args.Length:
                    address = args[++i];
                    break;
                case "--redis" when i + 1 < args.Length:
                    redis = args[++i];
                    break;
                case "--xheaders":
                    xheaders = true;
                    break;
                default:
                    Console.Error.WriteLine("usage: Chat [--port N (8888)] [--address A (127.0.0.1)] [--redis HOST:PORT] [--xheaders]");
                    return 2;
            }
        }
        if (redis is not null)
        {
            RedisMessageBusOptions options;
            try
            {
                options = RedisMessageBusOptions.Parse(redis);
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"--redis: {e.Message}");
                return 2;
            }
            var bus = new RedisMessageBus(options);
            // Printed (not only logged) so scripts and tests can wait for the node to join the others.
            bus.Connected += () => Console.WriteLine($"Redis connected ({bus.ConnectionCount})");
            ChatApp.Room = new ChatRoom(ChatApp.Buffer, bus, null);
            bus.Start();
        }
        var app = new Application(ChatApp.Routes, ChatApp.CreateSettings());
        // Behind nginx, RemoteIp and Protocol come from X-Real-Ip / X-Forwarded-For / X-Forwarded-Proto.
        var server = app.Listen(port, address, new Squall.Http.HttpServerSettings { XHeaders = xheaders });
        string host = address.Contains(':') ? "[" + address + "]" : address;
        Console.WriteLine($"Chat on http://{host}:{server.BoundPort}/");
        IOLoop.Current.Start();
        return 0;
    }
}
