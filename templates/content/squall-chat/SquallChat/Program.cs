using Squall;
using Squall.Web;

namespace SquallChat;

public static class Program
{
    public static int Main(string[] args)
    {
        if (!ServerOptions.TryParse(args, Environment.GetEnvironmentVariable, out var options, out var error))
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(ServerOptions.Usage);
            return 2;
        }

        var app = new Application(WebApp.Routes);
        var server = app.Listen(options.Port, options.Address);
        string host = options.Address.Contains(':') ? "[" + options.Address + "]" : options.Address;
        Console.WriteLine($"Serving on http://{host}:{server.BoundPort}/");
        IOLoop.Current.Start();
        return 0;
    }
}

/// <summary>The application's routes, public so that the tests serve the same table.</summary>
public static class WebApp
{
    /// <summary>The route table the Squall source generator compiled from this project's [Route] handlers.</summary>
    public static RouteTable Routes => Squall.Generated.Routes.Table;
}
