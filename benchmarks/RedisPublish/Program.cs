using System.Diagnostics;
using Squall;
using Squall.Redis;
using StackExchange.Redis;

// Publish cost of the two ways the Chat sample could talk to Redis, against one real redis-server on loopback:
// Squall.Redis (RESP on the IOLoop's own IOStream) and StackExchange.Redis (its own socket threads, results
// bridged back to the loop). For each: round-trip latency of one PUBLISH at a time (p50/p99), throughput with 64 in
// flight, bytes allocated per publish, and threads added to the process.
// Usage: dotnet run -c Release --project benchmarks/RedisPublish -- --redis 127.0.0.1:PORT [--count N]
namespace RedisPublish;

public static class Program
{
    public static int Main(string[] args)
    {
        string? endpoint = null;
        int count = 20_000;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--redis" && i + 1 < args.Length) endpoint = args[++i];
            else if (args[i] == "--count" && i + 1 < args.Length) count = int.Parse(args[++i]);
            else
            {
                Console.Error.WriteLine("usage: RedisPublish --redis HOST:PORT [--count N]");
                return 2;
            }
        }
        if (endpoint is null)
        {
            Console.Error.WriteLine("usage: RedisPublish --redis HOST:PORT [--count N]");
            return 2;
        }
        var options = RedisMessageBusOptions.Parse(endpoint);
        int baseThreads = Process.GetCurrentProcess().Threads.Count;
        Console.WriteLine($"threads at start: {baseThreads}; {count} publishes per measurement");
        Console.WriteLine("| client | p50 µs | p99 µs | publishes/s (64 in flight) | B allocated / publish | threads added |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var loop = IOLoop.Current;
        for (int round = 0; round < 3; round++)
        {
            Report("Squall.Redis", loop.RunSync(() => MeasureSquall(options, count)), baseThreads);
            Report("StackExchange.Redis", loop.RunSync(() => MeasureStackExchange(endpoint, count)), baseThreads);
        }
        return 0;
    }

    private sealed record Figures(double P50, double P99, double PerSecond, double BytesPerPublish, int Threads);

    private static void Report(string name, Figures f, int baseThreads) =>
        Console.WriteLine($"| {name} | {f.P50:F1} | {f.P99:F1} | {f.PerSecond:F0} | {f.BytesPerPublish:F0} | {f.Threads - baseThreads} |");

    private static readonly byte[] Payload = System.Text.Encoding.UTF8.GetBytes("{\"id\":\"0123456789abcdef0123456789abcdef\",\"body\":\"hello\"}");

    private static async Future<Figures> MeasureSquall(RedisMessageBusOptions options, int count)
    {
        var bus = new RedisMessageBus(options);
        var connected = new Future();
        bus.Connected += () => connected.TrySetResult();
        bus.Start();
        await connected;
        for (int i = 0; i < 2000; i++) await bus.Publish("bench", Payload); // warm-up (JIT)

        var latencies = new double[count];
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await bus.Publish("bench", Payload);
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        double bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)count;

        var clock = Stopwatch.StartNew();
        var window = new Queue<Future>();
        for (int i = 0; i < count; i++)
        {
            if (window.Count == 64) await window.Dequeue();
            window.Enqueue(bus.Publish("bench", Payload));
        }
        while (window.Count > 0) await window.Dequeue();
        double perSecond = count / clock.Elapsed.TotalSeconds;
        int threads = Process.GetCurrentProcess().Threads.Count;
        bus.Dispose();
        return Summarise(latencies, perSecond, bytes, threads);
    }

    private static async Future<Figures> MeasureStackExchange(string endpoint, int count)
    {
        var loop = IOLoop.Current;
        var multiplexer = await Future.FromTask(ConnectionMultiplexer.ConnectAsync(endpoint));
        var subscriber = multiplexer.GetSubscriber();
        var channel = RedisChannel.Literal("bench");
        // The loop may only be touched from its own thread: each result comes back through AddCallback, as the
        // Chat sample would have to do it.
        Future Publish()
        {
            var done = new Future();
            subscriber.PublishAsync(channel, Payload).ContinueWith(t =>
                loop.AddCallback(() =>
                {
                    if (t.Exception is { } e) done.SetException(e);
                    else done.SetResult();
                }), TaskContinuationOptions.ExecuteSynchronously);
            return done;
        }
        for (int i = 0; i < 2000; i++) await Publish();

        var latencies = new double[count];
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await Publish();
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        double bytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)count;

        var clock = Stopwatch.StartNew();
        var window = new Queue<Future>();
        for (int i = 0; i < count; i++)
        {
            if (window.Count == 64) await window.Dequeue();
            window.Enqueue(Publish());
        }
        while (window.Count > 0) await window.Dequeue();
        double perSecond = count / clock.Elapsed.TotalSeconds;
        int threads = Process.GetCurrentProcess().Threads.Count;
        await Future.FromTask(multiplexer.CloseAsync());
        multiplexer.Dispose();
        return Summarise(latencies, perSecond, bytes, threads);
    }

    private static Figures Summarise(double[] latencies, double perSecond, double bytes, int threads)
    {
        Array.Sort(latencies);
        return new Figures(latencies[latencies.Length / 2], latencies[(int)(latencies.Length * 0.99)], perSecond, bytes, threads);
    }
}
