using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

// The one load generator for both servers (plain System.Net.Sockets, so it favours neither):
//   EchoClient rt   --port N [--connections 64] [--size 32] [--warmup S] [--duration S]  → "roundtrips_per_sec=X"
//   EchoClient bulk --port N [--chunk 65536] [--warmup S] [--duration S]                → "mb_per_sec=X"
//   EchoClient idle --port N [--connections 10000]  → opens them (one 1-byte echo each), prints "ready", holds them
//                                                      until stdin closes
var mode = args.Length > 0 ? args[0] : "rt";
var options = new Dictionary<string, string>();
for (int i = 1; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
int Int(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
double Seconds(string name, double fallback) => options.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

var endPoint = new IPEndPoint(IPAddress.Parse(options.GetValueOrDefault("address", "127.0.0.1")), Int("port", 0));
switch (mode)
{
    case "rt":
        Console.WriteLine($"roundtrips_per_sec={await RoundTrips(endPoint, Int("connections", 64), Int("size", 32), Seconds("warmup", 2), Seconds("duration", 5)):F0}");
        return 0;
    case "bulk":
        Console.WriteLine($"mb_per_sec={await Bulk(endPoint, Int("chunk", 64 * 1024), Seconds("warmup", 1), Seconds("duration", 5)):F1}");
        return 0;
    case "idle":
        var held = await OpenIdle(endPoint, Int("connections", 10_000));
        Console.WriteLine("ready");
        await Console.In.ReadToEndAsync(); // hold until the script closes our stdin
        foreach (var s in held) s.Dispose();
        return 0;
    default:
        Console.Error.WriteLine("Usage: EchoClient rt|bulk|idle --port N [...]");
        return 2;
}

static async Task<Socket> Open(IPEndPoint endPoint)
{
    var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    await socket.ConnectAsync(endPoint);
    return socket;
}

static async Task ReceiveExactly(Socket socket, Memory<byte> buffer)
{
    int got = 0;
    while (got < buffer.Length)
    {
        int n = await socket.ReceiveAsync(buffer[got..], SocketFlags.None);
        if (n == 0) throw new IOException("server closed the connection");
        got += n;
    }
}

static async Task<double> RoundTrips(IPEndPoint endPoint, int connections, int size, double warmup, double duration)
{
    var sockets = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Open(endPoint)));
    long count = 0;
    bool stop = false;
    async Task Loop(Socket socket)
    {
        var message = new byte[size];
        var reply = new byte[size];
        while (!Volatile.Read(ref stop))
        {
            await socket.SendAsync(message.AsMemory(), SocketFlags.None);
            await ReceiveExactly(socket, reply);
            Interlocked.Increment(ref count);
        }
    }
    var loops = sockets.Select(s => Task.Run(() => Loop(s))).ToArray();
    await Task.Delay(TimeSpan.FromSeconds(warmup));
    long start = Interlocked.Read(ref count);
    var clock = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(duration));
    long done = Interlocked.Read(ref count) - start;
    double elapsed = clock.Elapsed.TotalSeconds;
    Volatile.Write(ref stop, true);
    await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(10));
    foreach (var s in sockets) s.Dispose();
    return done / elapsed;
}

static async Task<double> Bulk(IPEndPoint endPoint, int chunk, double warmup, double duration)
{
    using var socket = await Open(endPoint);
    long received = 0;
    bool stop = false;
    var sending = Task.Run(async () =>
    {
        var data = new byte[chunk];
        new Random(1).NextBytes(data);
        while (!Volatile.Read(ref stop)) await socket.SendAsync(data.AsMemory(), SocketFlags.None);
        socket.Shutdown(SocketShutdown.Send);
    });
    var receiving = Task.Run(async () =>
    {
        var buffer = new byte[chunk];
        int n;
        while ((n = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None)) > 0) Interlocked.Add(ref received, n);
    });
    await Task.Delay(TimeSpan.FromSeconds(warmup));
    long start = Interlocked.Read(ref received);
    var clock = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(duration));
    long bytes = Interlocked.Read(ref received) - start;
    double elapsed = clock.Elapsed.TotalSeconds;
    Volatile.Write(ref stop, true);
    await Task.WhenAll(sending, receiving).WaitAsync(TimeSpan.FromSeconds(10));
    return bytes / elapsed / 1e6;
}

static async Task<List<Socket>> OpenIdle(IPEndPoint endPoint, int connections)
{
    // In waves, so the server's accept queue never overflows (an overflow costs a 1 s SYN retry, not memory).
    var held = new List<Socket>(connections);
    const int wave = 100;
    for (int i = 0; i < connections; i += wave)
    {
        var batch = await Task.WhenAll(Enumerable.Range(0, Math.Min(wave, connections - i)).Select(async _ =>
        {
            var socket = await Open(endPoint);
            // One exchange, so the server has really set the connection up and is back to waiting.
            await socket.SendAsync(new byte[] { 1 }, SocketFlags.None);
            await ReceiveExactly(socket, new byte[1]);
            return socket;
        }));
        held.AddRange(batch);
    }
    return held;
}
