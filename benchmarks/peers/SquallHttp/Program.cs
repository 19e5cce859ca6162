// Squall peer for benchmarks/load: HttpServer + PlaintextHandler on one IOLoop.
// Usage: SquallHttp [--port 8888] [--address 127.0.0.1]
using Squall;
using Squall.Benchmarks.Peers;
using Squall.Http;

int port = 8888;
string address = "127.0.0.1";
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port": port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--address": address = args[i + 1]; break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}; usage: SquallHttp [--port N] [--address A]");
            return 2;
    }
}

var server = new HttpServer(new PlaintextHandler(), new HttpServerSettings());
server.Listen(port, address);
Console.WriteLine($"squall http serving http://{address}:{port}/");
IOLoop.Current.Start();
return 0;
