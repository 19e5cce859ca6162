// WebSocket load client for benchmarks/websocket, on one Squall loop (run it pinned to one CPU).
//   echo URL CONNECTIONS DEPTH SECONDS SIZE   -> keeps DEPTH 32-byte text messages in flight per connection, prints msgs/s
//   idle URL CONNECTIONS [compress]           -> opens CONNECTIONS sockets, prints "ready", holds them until stdin closes
//   broadcast URL CONNECTIONS COUNT           -> COUNT times: one client sends "ping", every client waits for it;
//                                                prints p50/p99 of (send → last client received) in ms
using System.Diagnostics;
using Squall;
using Squall.Http;

static class Program
{
    public static int Main(string[] args)
    {
        var loop = IOLoop.Current;
        return args[0] switch
        {
            "echo" => loop.RunSync(() => Echo(args[1], int.Parse(args[2]), int.Parse(args[3]), double.Parse(args[4]), int.Parse(args[5])), TimeSpan.FromMinutes(5)),
            "idle" => loop.RunSync(() => Idle(args[1], int.Parse(args[2]), args.Length > 3 && args[3] == "compress"), TimeSpan.FromHours(1)),
            "broadcast" => loop.RunSync(() => Broadcast(args[1], int.Parse(args[2]), int.Parse(args[3])), TimeSpan.FromMinutes(30)),
            _ => 2,
        };
    }

    private static async Future<List<WebSocketClientConnection>> ConnectMany(string url, int count, WebSocketCompressionOptions? compression)
    {
        var sockets = new List<WebSocketClientConnection>(count);
        // A few hundred handshakes at a time: the listen backlog holds them, nothing times out.
        for (int i = 0; i < count; i += 200)
        {
            var batch = Enumerable.Range(i, Math.Min(200, count - i))
                .Select(_ => WebSocketClient.Connect(new HttpRequest(url) { ConnectTimeout = TimeSpan.FromSeconds(60), RequestTimeout = TimeSpan.FromSeconds(60) }, null, compression));
            sockets.AddRange(await Gen.Multi(batch));
        }
        return sockets;
    }

    private static async Future<int> Echo(string url, int connections, int depth, double seconds, int size)
    {
        var sockets = await ConnectMany(url, connections, null);
        string message = new string('x', size);
        long received = 0;
        bool measuring = false, stop = false;
        async Future Pump(WebSocketClientConnection ws)
        {
            for (int i = 0; i < depth; i++) _ = ws.WriteMessage(message);
            while (!stop)
            {
                var m = await ws.ReadMessage();
                if (m is null) return;
                if (measuring) received++;
                _ = ws.WriteMessage(message);
            }
        }
        var pumps = sockets.Select(Pump).ToList();
        await Gen.Sleep(TimeSpan.FromSeconds(1)); // ramp-up, not counted
        measuring = true;
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await Gen.Sleep(TimeSpan.FromSeconds(seconds));
        measuring = false;
        double elapsed = clock.Elapsed.TotalSeconds;
        double cpuShare = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / elapsed;
        stop = true;
        Console.WriteLine($"echo msgs/s {received / elapsed:F0} client-cpu {cpuShare * 100:F0}%");
        foreach (var ws in sockets) ws.Close();
        return 0;
    }

    private static async Future<int> Idle(string url, int connections, bool compress)
    {
        var sockets = await ConnectMany(url, connections, compress ? new WebSocketCompressionOptions() : null);
        int compressed = sockets.Count(s => s.Extensions is not null);
        Console.WriteLine($"ready {sockets.Count} compressed {compressed}");
        Console.Out.Flush();
        // Hold until the driver closes our stdin.
        await IOLoop.Current.RunInExecutor(() => Console.In.ReadToEnd());
        return 0;
    }

    private static async Future<int> Broadcast(string url, int connections, int count)
    {
        var sockets = await ConnectMany(url, connections, null);
        var latencies = new List<double>();
        for (int round = 0; round < count; round++)
        {
            var all = sockets.Select(s => s.ReadMessage()).ToList();
            long start = Stopwatch.GetTimestamp();
            await sockets[0].WriteMessage("b" + round);
            await Gen.Multi(all);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        latencies.Sort();
        Console.WriteLine($"broadcast p50 {latencies[latencies.Count / 2]:F2} ms p99 {latencies[(int)(latencies.Count * 0.99)]:F2} ms");
        return 0;
    }
}
