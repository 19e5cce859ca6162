using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Squall;
using Squall.Web;

namespace SquallRoutes;

/// <summary>The routes-suite server: the generated handlers plus the two endpoints every load-benchmark peer answers.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        int port = 8888;
        string address = "127.0.0.1";
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--port") port = int.Parse(args[i + 1]);
            else if (args[i] == "--address") address = args[i + 1];
        }
        // No access log, as in every peer: a console line per request would be most of the cost.
        var settings = new ApplicationSettings { Logger = new ConsoleLogger("squall", LogLevel.Warning) };
        var app = new Application(Squall.Generated.Routes.Table, settings);
        var server = app.Listen(port, address);
        Console.WriteLine($"Serving on http://{address}:{server.BoundPort}/ ({Squall.Generated.Routes.Table.Entries.Count} routes)");
        IOLoop.Current.Start();
        return 0;
    }
}

[Route("/plaintext")]
public sealed class PlaintextHandler : RequestHandler
{
    public void Get()
    {
        SetHeader("Content-Type", "text/plain");
        Write("Hello, World!"u8);
    }
}

[Route("/json")]
public sealed class JsonHandler : RequestHandler
{
    public void Get() => Write(new Message("Hello, World!"), RoutesJsonContext.Default.Message);
}

public sealed record Message(string message);

[JsonSerializable(typeof(Message))]
internal sealed partial class RoutesJsonContext : JsonSerializerContext
{
}
