using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Squall.Web.Perf;

/// <summary>
/// Bytes allocated per request in steady state, whole process (server loop thread and this client thread):
/// pipelined batches over one loopback connection, GC.GetTotalAllocatedBytes(precise) before and after.
/// The client reuses its buffers, so what is counted is the server's cost.
/// </summary>
internal static class AllocationRun
{
    private const int Depth = 16;

    public static void Run(string path, int requests)
    {
        IOLoop? loop = null;
        int port = 0;
        using var ready = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            loop = new IOLoop();
            loop.MakeCurrent();
            var app = new Application(Squall.Generated.Routes.Table,
                new ApplicationSettings { Logger = new ConsoleLogger("perf", LogLevel.Warning) });
            port = app.Listen(0).BoundPort;
            ready.Set();
            loop.Start();
        }) { IsBackground = true };
        thread.Start();
        if (!ready.Wait(TimeSpan.FromSeconds(10))) throw new TimeoutException("server did not start");

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 10000 };
        socket.Connect("127.0.0.1", port);
        byte[] one = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: perf\r\n\r\n");
        int responseLength = MeasureResponse(socket, one);
        byte[] batch = new byte[one.Length * Depth];
        for (int i = 0; i < Depth; i++) one.CopyTo(batch, i * one.Length);
        byte[] receive = new byte[responseLength * Depth];

        int warmup = Math.Min(requests, 20_000);
        RunBatches(socket, batch, receive, warmup / Depth);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        int batches = requests / Depth;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        RunBatches(socket, batch, receive, batches);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        long after = GC.GetTotalAllocatedBytes(precise: true);
        int done = batches * Depth;
        Console.WriteLine($"{path}: {done} requests, {(after - before) / (double)done:F1} B allocated per request " +
            $"({after - before} B total), {done / elapsed.TotalSeconds:F0} req/s in-process (pipelined x{Depth}, 1 connection)");
        loop!.AddCallback(loop.Stop);
        thread.Join(TimeSpan.FromSeconds(5));
    }

    private static void RunBatches(Socket socket, byte[] batch, byte[] receive, int count)
    {
        for (int b = 0; b < count; b++)
        {
            socket.Send(batch);
            int got = 0;
            while (got < receive.Length)
            {
                int n = socket.Receive(receive, got, receive.Length - got, SocketFlags.None);
                if (n == 0) throw new IOException("server closed the connection");
                got += n;
            }
        }
    }

    // Every response to the same request has the same length (the Date header has a fixed width).
    private static int MeasureResponse(Socket socket, byte[] request)
    {
        socket.Send(request);
        var buffer = new byte[8192];
        int got = 0;
        while (true)
        {
            got += socket.Receive(buffer, got, buffer.Length - got, SocketFlags.None);
            string text = Encoding.ASCII.GetString(buffer, 0, got);
            int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0) continue;
            if (!text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal)) throw new InvalidOperationException(text);
            int cl = text.IndexOf("Content-Length: ", StringComparison.OrdinalIgnoreCase);
            int length = int.Parse(text.AsSpan(cl + 16, text.IndexOf('\r', cl) - cl - 16));
            if (got >= end + 4 + length) return end + 4 + length;
        }
    }
}
