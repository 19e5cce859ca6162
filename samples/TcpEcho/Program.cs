using Squall;
using TcpEcho;

// Usage:
//   TcpEcho server [--port N] [--address A]      echo lines until Ctrl+C (port 0 picks one; it is printed)
//   TcpEcho client [--port N] [--host H] [--message M]...   send lines, print the replies
//   TcpEcho demo                                 both in one process on a free port
var mode = args.Length > 0 ? args[0] : "demo";
int port = 8888;
string host = "127.0.0.1";
var messages = new List<string>();
for (int i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length: port = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--host" or "--address" when i + 1 < args.Length: host = args[++i]; break;
        case "--message" when i + 1 < args.Length: messages.Add(args[++i]); break;
        default:
            Console.Error.WriteLine($"Unknown argument: {args[i]}");
            return 2;
    }
}
if (messages.Count == 0) messages.AddRange(["ping", "hello, squall", "bye"]);

var loop = IOLoop.Current;
switch (mode)
{
    case "server":
    {
        var server = new EchoServer(Console.Out);
        server.Listen(port, host);
        Console.WriteLine($"Listening on {host}:{server.BoundPort}");
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            loop.Stop();
        };
        loop.Start();
        server.Stop();
        return 0;
    }
    case "client":
        loop.RunSync(() => EchoClient.Run(host, port, messages, Console.Out), TimeSpan.FromSeconds(30));
        return 0;
    case "demo":
        loop.RunSync(async () =>
        {
            var server = new EchoServer(Console.Out);
            server.Listen(0, host);
            Console.WriteLine($"Listening on {host}:{server.BoundPort}");
            await EchoClient.Run(host, server.BoundPort, messages, Console.Out);
            server.Stop();
        }, TimeSpan.FromSeconds(30));
        return 0;
    default:
        Console.Error.WriteLine("Usage: TcpEcho server|client|demo [--port N] [--host H] [--message M]...");
        return 2;
}
