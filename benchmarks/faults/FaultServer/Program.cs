using Microsoft.Extensions.Logging;
using Squall;
using Squall.Web;

// The fault benchmark's server: HelloWorld's /plaintext for the well-behaved client, plus handlers that misbehave on
// purpose. The loop reports iterations slower than 20 ms, naming the request that blocked it.
//   FaultServer --port N
int port = args.Length == 2 && args[0] == "--port" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 9520;
var logger = new ConsoleLogger("squall", LogLevel.Information);
SquallLogging.Default = logger;
var loop = new IOLoop(new IOLoopOptions { Logger = logger, SlowCallbackThreshold = TimeSpan.FromMilliseconds(20) });
loop.MakeCurrent();
var app = new Application(Squall.Generated.Routes.Table, new ApplicationSettings { Logger = new ConsoleLogger("app", LogLevel.Warning) });
var server = app.Listen(port, "127.0.0.1");
Console.WriteLine($"Serving on http://127.0.0.1:{server.BoundPort}/");
loop.Start();
