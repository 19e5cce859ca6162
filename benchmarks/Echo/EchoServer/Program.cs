using EchoBenchmark;

// EchoServer squall|socket [--port N] [--address A]: prints "listening A:PORT" once ready.
var kind = args.Length > 0 ? args[0] : "squall";
int port = 0;
string address = "127.0.0.1";
for (int i = 1; i + 1 < args.Length; i += 2)
{
    if (args[i] == "--port") port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
    else if (args[i] == "--address") address = args[i + 1];
}
switch (kind)
{
    case "squall":
        SquallEchoServer.Run(port, address);
        return 0;
    case "socket":
        SocketAsyncEchoServer.Run(port, address);
        return 0;
    default:
        Console.Error.WriteLine("Usage: EchoServer squall|socket [--port N] [--address A]");
        return 2;
}
