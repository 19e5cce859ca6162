using System.Net.Sockets;
using System.Text;

namespace Squall.Http.Tests;

/// <summary>
/// Seeded, time-bounded fuzzing: mutated requests (byte flips, truncations, CR/LF/NUL insertions, huge numbers) on
/// many connections; each gets a well-formed response or a close, the server never stops serving, and the
/// plaintext path allocates nothing per request in steady state.
/// </summary>
public sealed class ServerRobustnessTests : IDisposable
{
    private readonly ServerOnThread _server = new(new TestHandler(), new HttpServerSettings
    {
        MaxBodySize = 64 * 1024, MaxHeaderSize = 8 * 1024, HeaderTimeout = TimeSpan.FromMilliseconds(300),
        BodyTimeout = TimeSpan.FromMilliseconds(300),
    });

    public void Dispose() => _server.Dispose();

    private static readonly string[] Seeds =
    [
        "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "GET /path?a=1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n",
    ];

    private static byte[] Mutate(Random rng, byte[] input)
    {
        var bytes = new List<byte>(input);
        int mutations = rng.Next(1, 4);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = rng.Next(bytes.Count);
            switch (rng.Next(6))
            {
                case 0: bytes[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: bytes.RemoveRange(at, bytes.Count - at); break;
                case 2: bytes.Insert(at, (byte)"\r\n\0"[rng.Next(3)]); break;
                case 3: bytes.InsertRange(at, Encoding.ASCII.GetBytes("99999999999999999999")); break;
                case 4: bytes.RemoveAt(at); break;
                default: bytes.Insert(at, (byte)rng.Next(256)); break;
            }
        }
        return [.. bytes];
    }

    [Fact]
    public void MutatedRequestsGetAResponseOrACloseAndTheServerSurvives()
    {
        var rng = new Random(1234);
        int sent = 0, answered = 0;
        // A fixed amount of work (no time budget, which a loaded machine would turn into a failure): many mutated
        // requests per connection, pipelined in one write, so hundreds of thousands of bytes go through the parser.
        for (int connection = 0; connection < 200; connection++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 30000, SendTimeout = 30000 };
            socket.Connect("127.0.0.1", _server.Port);
            var batch = new List<byte>();
            for (int i = 0; i < 10; i++) batch.AddRange(Mutate(rng, Encoding.ASCII.GetBytes(Seeds[rng.Next(Seeds.Length)])));
            sent += 10;
            try
            {
                socket.Send(batch.ToArray());
                socket.Shutdown(SocketShutdown.Send);
                var received = new List<byte>();
                var buffer = new byte[16384];
                int n;
                while ((n = socket.Receive(buffer)) > 0) received.AddRange(buffer.AsSpan(0, n).ToArray());
                // Every batch of this seed gets at least one response, and it starts with a status line.
                Assert.NotEmpty(received);
                answered++;
                Assert.Matches(@"^HTTP/1\.1 [1-5]\d\d ", Encoding.Latin1.GetString(received.ToArray(), 0, Math.Min(13, received.Count)));
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
            {
                // A close is an acceptable answer.
            }
        }
        // Each connection's answer came back whole: the client shut down only its sending side, so the server's
        // lingering close has no unread input to turn into a reset.
        Assert.Equal(200, answered);
        Console.WriteLine($"robustness: {sent} mutated requests, {answered} connections answered");
        Assert.DoesNotContain(_server.Log.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error && e.Exception is not InvalidOperationException);
        using var c = new RawClient(_server.Port);
        c.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal("Hello, World!", c.ReadResponse().BodyText);
        // Every mutated connection is gone; only c (still open) is left.
        _server.WaitUntil(() => _server.Http.ConnectionCount == 1, "the server to drop the 200 mutated connections");
    }

    [Fact]
    public void PlaintextKeepAliveAllocatesNothingPerRequestInSteadyState()
    {
        using var server = new ServerOnThread(new PlaintextHandler(), detectSlowCallbacks: false);
        using var c = new RawClient(server.Port);
        const string one = "GET /plaintext HTTP/1.1\r\nHost: localhost:8080\r\nAccept: text/plain\r\n\r\n";
        long Measure(int depth, int rounds)
        {
            var batch = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(one, depth)));
            long before = server.OnLoop(() => GC.GetAllocatedBytesForCurrentThread());
            for (int i = 0; i < rounds; i++)
            {
                c.Send(batch);
                for (int j = 0; j < depth; j++) c.ReadResponse();
            }
            return server.OnLoop(() => GC.GetAllocatedBytesForCurrentThread()) - before;
        }
        Measure(16, 100); // warm up: buffers, cached strings, JIT tiers
        Measure(1, 100);
        const int rounds = 200;
        // Each round costs one socket wake-up on the loop whatever its depth; the slope between depth 1 and 16 is
        // the cost of one more request: the request path itself (parse, handler, response head) must allocate nothing.
        // When other test processes share the cores, the loop can be preempted inside a batch and wake up more than
        // once for it; that adds wake-ups, never requests, so the smallest of three samples is the request path's own
        // cost (a per-request allocation shows in every sample).
        double perExtraRequest = double.MaxValue, perRound = double.MaxValue;
        for (int sample = 0; sample < 3; sample++)
        {
            long single = Measure(1, rounds);
            long pipelined = Measure(16, rounds);
            perExtraRequest = Math.Min(perExtraRequest, (pipelined - single) / (double)(rounds * 15));
            perRound = Math.Min(perRound, single / (double)rounds);
        }
        // Below 24 bytes (the smallest object) means no object per request, whether requests come one per wake-up
        // or pipelined.
        Assert.True(perRound < 24, $"{perRound:F1} bytes per request (one request per wake-up)");
        Assert.True(perExtraRequest < 24, $"{perExtraRequest:F1} bytes per extra pipelined request");
    }

    /// <summary>The benchmark's handler shape: a static header set, a constant body, finished synchronously.</summary>
    private sealed class PlaintextHandler : IHttpHandler
    {
        private static readonly HttpHeaders s_headers = new() { { "Content-Type", "text/plain" } };

        public Future RequestReceived(HttpServerRequest request)
        {
            request.Connection.WriteHeaders(200, null, s_headers);
            request.Connection.Write("Hello, World!"u8);
            request.Connection.Finish();
            return Future.Completed;
        }
    }
}
