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
        bool accessLog = false;
        int loops = 1;
        string? certFile = null, keyFile = null, staticPath = null;
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
                case "--loops" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n >= 0:
                    loops = n; // 0: one loop per core
                    i++;
                    break;
                case "--access-log":
                    accessLog = true;
                    break;
                case "--certfile" when i + 1 < args.Length:
                    certFile = args[++i];
                    break;
                case "--keyfile" when i + 1 < args.Length:
                    keyFile = args[++i];
                    break;
                case "--static" when i + 1 < args.Length:
                    staticPath = args[++i]; // served under /static/ (the load benchmark's 100 MiB download)
                    break;
                default:
                    Console.Error.WriteLine("usage: HelloWorld [--port N (8888)] [--address A (127.0.0.1)] [--loops N (1; 0 = one per core)] [--access-log] [--certfile F --keyfile F (PEM: serve HTTPS)] [--static DIR (served under /static/)]");
                    return 2;
            }
        }
        // The access log is off unless asked for, as in the benchmark peers (Tornado's, Kestrel's): a console line per
        // request would be most of the cost of /plaintext. Errors and warnings are still logged.
        var settings = new ApplicationSettings
        {
            Logger = new ConsoleLogger("squall", accessLog ? LogLevel.Information : LogLevel.Warning),
            StaticPath = staticPath,
        };
        var app = new Application(Squall.Generated.Routes.Table, settings);
        // Give the memory of a busy period back once the last client has gone (issue 16: RSS after a load run stays
        // within 2x idle + 10 MiB instead of keeping the peak's heap). With a certificate (PEM, Tornado's
        // certfile/keyfile), every route is served over HTTPS on the same port.
        var serverSettings = new Squall.Http.HttpServerSettings { CompactMemoryWhenIdle = TimeSpan.FromSeconds(2) };
        if (certFile is not null) serverSettings.SslOptions = Squall.IO.TlsCertificates.ServerOptions(certFile, keyFile);
        var server = app.Listen(port, address, loops, serverSettings);
        string host = address.Contains(':') ? "[" + address + "]" : address;
        Console.WriteLine($"Serving on {(certFile is null ? "http" : "https")}://{host}:{server.BoundPort}/");
        IOLoop.Current.Start();
        return 0;
    }
}

/// <summary>The sample's routes, public so its tests can serve them.</summary>
public static class HelloWorldApp
{
    /// <summary>This assembly's generated route table.</summary>
    public static RouteTable Routes => Squall.Generated.Routes.Table;
}
