using Microsoft.Extensions.Logging;
using Squall;
using Squall.Web;

namespace HelloWorld;

public static class Program
{
    public static int Main(string[] args)
    {
        int port = 8888;
        string address = "127.0.0.1";
        bool quiet = false;
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
                case "--quiet":
                    // No access log: what a benchmark run wants.
                    quiet = true;
                    break;
                default:
                    Console.Error.WriteLine("usage: HelloWorld [--port N (8888)] [--address A (127.0.0.1)] [--quiet]");
                    return 2;
            }
        }
        var settings = new ApplicationSettings();
        if (quiet) settings.Logger = new ConsoleLogger("squall", LogLevel.Warning);
        var app = new Application(Squall.Generated.Routes.Table, settings);
        var server = app.Listen(port, address);
        string host = address.Contains(':') ? "[" + address + "]" : address;
        Console.WriteLine($"Serving on http://{host}:{server.BoundPort}/");
        IOLoop.Current.Start();
        return 0;
    }
}
