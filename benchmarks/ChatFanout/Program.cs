using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

// Fan-out load client for the Chat sample: opens N WebSocket clients on /chatsocket at the given URLs (round-robin),
// then (1) sends M messages one at a time from one client and measures, for each, the time until the LAST client
// has it (p50/p99); (2) sends at a steady rate for a few seconds and counts deliveries per second across all clients.
// Sender and receivers share this process's clock. Usage:
//   ChatFanout --url ws://127.0.0.1:8080 [--url ...] [--clients 3000] [--messages 100] [--rate 50] [--seconds 5]
namespace ChatFanout;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var urls = new List<string>();
        int clients = 3000, messages = 100, rate = 50, seconds = 5;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--url": urls.Add(args[i + 1]); break;
                case "--clients": clients = int.Parse(args[i + 1]); break;
                case "--messages": messages = int.Parse(args[i + 1]); break;
                case "--rate": rate = int.Parse(args[i + 1]); break;
                case "--seconds": seconds = int.Parse(args[i + 1]); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        if (urls.Count == 0) { Console.Error.WriteLine("usage: ChatFanout --url ws://HOST:PORT [--url ...] [--clients N]"); return 2; }

        var receivers = new Receiver[clients];
        var connecting = Stopwatch.StartNew();
        for (int start = 0; start < clients; start += 100)
        {
            // 100 handshakes at a time: a burst of thousands would measure the listen backlog, not the fan-out.
            var batch = Enumerable.Range(start, Math.Min(100, clients - start)).Select(async i =>
            {
                var socket = new ClientWebSocket();
                await socket.ConnectAsync(new Uri(urls[i % urls.Count] + "/chatsocket"), CancellationToken.None);
                receivers[i] = new Receiver(socket);
            });
            await Task.WhenAll(batch);
        }
        Console.WriteLine($"connected {clients} clients over {urls.Count} URL(s) in {connecting.Elapsed.TotalSeconds:F1} s");
        foreach (var r in receivers) r.Start();
        var sender = receivers[0];

        // (1) One message at a time: time until the last client has it.
        var latencies = new List<double>();
        for (int m = 0; m < messages + 5; m++)
        {
            string body = $"fanout {m}";
            var all = receivers.Select(r => r.WaitFor(body)).ToArray();
            long sent = Stopwatch.GetTimestamp();
            await sender.Send(body);
            var arrivals = await Task.WhenAll(all);
            if (m >= 5) latencies.Add(Stopwatch.GetElapsedTime(sent, arrivals.Max()).TotalMilliseconds); // first 5: warm-up
        }
        latencies.Sort();
        Console.WriteLine($"fan-out to {clients}: p50 {latencies[latencies.Count / 2]:F1} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F1} ms, max {latencies[^1]:F1} ms over {latencies.Count} messages");

        // (2) A steady rate: deliveries per second across all clients.
        long before = receivers.Sum(r => r.Count);
        var clock = Stopwatch.StartNew();
        int sentCount = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            await sender.Send($"rate {sentCount++}");
            double ahead = sentCount / (double)rate - clock.Elapsed.TotalSeconds;
            if (ahead > 0) await Task.Delay(TimeSpan.FromSeconds(ahead));
        }
        var last = receivers.Select(r => r.WaitFor($"rate {sentCount - 1}")).ToArray();
        await Task.WhenAll(last);
        double elapsed = clock.Elapsed.TotalSeconds;
        long delivered = receivers.Sum(r => r.Count) - before;
        Console.WriteLine($"steady {rate} msg/s for {seconds} s: {delivered / elapsed:F0} deliveries/s ({delivered} of {(long)sentCount * clients} expected), all delivered in {elapsed:F1} s");
        return delivered == (long)sentCount * clients ? 0 : 1;
    }

    private sealed class Receiver(ClientWebSocket socket)
    {
        private readonly Dictionary<string, TaskCompletionSource<long>> _waiting = new();
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public Task<long> WaitFor(string body)
        {
            lock (_waiting)
            {
                if (!_waiting.TryGetValue(body, out var tcs)) _waiting[body] = tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
                return tcs.Task;
            }
        }

        public Task Send(string body) =>
            socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["body"] = body }), WebSocketMessageType.Text, true, CancellationToken.None);

        public void Start() => _ = Loop();

        private async Task Loop()
        {
            var buffer = new byte[16 * 1024];
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) return;
                long at = Stopwatch.GetTimestamp();
                // Small messages arrive whole; the body is all this client needs.
                using var json = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
                string body = json.RootElement.GetProperty("body").GetString()!;
                Interlocked.Increment(ref _count);
                lock (_waiting)
                {
                    if (!_waiting.TryGetValue(body, out var tcs)) _waiting[body] = tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    tcs.TrySetResult(at);
                }
            }
        }
    }
}
