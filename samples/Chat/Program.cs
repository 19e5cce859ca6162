using Squall;
using System.Security.Cryptography;
using Squall.Web;

namespace Chat;

/// <summary>The chat application's parts, public so tests can serve it.</summary>
public static class ChatApp
{
    /// <summary>The process's message buffer (the demo keeps one room in memory).</summary>
    public static MessageBuffer Buffer { get; } = new();

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
                default:
                    Console.Error.WriteLine("usage: Chat [--port N (8888)] [--address A (127.0.0.1)]");
                    return 2;
            }
        }
        var app = new Application(ChatApp.Routes, ChatApp.CreateSettings());
        var server = app.Listen(port, address);
        string host = address.Contains(':') ? "[" + address + "]" : address;
        Console.WriteLine($"Chat on http://{host}:{server.BoundPort}/");
        IOLoop.Current.Start();
        return 0;
    }
}
