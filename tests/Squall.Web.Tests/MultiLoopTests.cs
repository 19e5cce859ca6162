using System.Net;
using System.Net.Sockets;
using Squall.Http;
using Squall.TestSupport;

namespace Squall.Web.Tests;

/// <summary>
/// One application on several loops (<see cref="HttpServerGroup"/>): the kernel spreads connections over the loops'
/// SO_REUSEPORT listeners, a connection stays on its loop, a blocked loop does not stall the others, and a graceful
/// shutdown finishes requests in flight.
/// </summary>
public sealed class MultiLoopTests
{
    // The kernel picks a listener per connection by hashing its addresses: with 2 loops, 64 connections all landing on
    // one loop has probability 2^-63.
    private const int MaxConnections = 64;

    private static HttpServerGroup StartGroup(int loops, ListLogger log) =>
        HttpServerGroup.Start(() => new HttpServer(new Application(Squall.Generated.Routes.Table, new ApplicationSettings { Logger = log })),
            loops, 0, "127.0.0.1", useCurrentLoop: false, loopOptions: new IOLoopOptions { Logger = log });

    /// <summary>Opens connections until every loop serves one; returns them grouped by the loop that answered.</summary>
    private static Dictionary<string, List<KeepAliveClient>> ConnectToEveryLoop(HttpServerGroup group, List<KeepAliveClient> all)
    {
        var byLoop = new Dictionary<string, List<KeepAliveClient>>();
        while (byLoop.Count < group.Loops.Count && all.Count < MaxConnections)
        {
            var client = new KeepAliveClient(group.BoundPort);
            all.Add(client);
            string loop = client.Get("/loop");
            if (!byLoop.TryGetValue(loop, out var list)) byLoop[loop] = list = new List<KeepAliveClient>();
            list.Add(client);
        }
        return byLoop;
    }

    [Fact]
    public void ConnectionsSpreadOverEveryLoopAndStayOnTheirLoop()
    {
        var log = new ListLogger();
        using var group = StartGroup(2, log);
        var all = new List<KeepAliveClient>();
        try
        {
            var byLoop = ConnectToEveryLoop(group, all);
            Assert.Equal(["squall-loop-0", "squall-loop-1"], byLoop.Keys.Order().ToArray());
            // Every later request on a connection is served by the loop that served its first.
            foreach (var (loop, clients) in byLoop)
            {
                foreach (var client in clients)
                {
                    for (int i = 0; i < 3; i++) Assert.Equal(loop, client.Get("/loop"));
                }
            }
        }
        finally
        {
            foreach (var c in all) c.Dispose();
        }
    }

    [Fact]
    public void EachLoopHasItsOwnSharedHttpClient()
    {
        var log = new ListLogger();
        using var group = StartGroup(2, log);
        var all = new List<KeepAliveClient>();
        try
        {
            var byLoop = ConnectToEveryLoop(group, all);
            var clients = byLoop.ToDictionary(kv => kv.Key, kv => kv.Value.Select(c => c.Get("/loop/client")).Distinct().ToArray());
            // One client per loop, whichever connection of that loop asks; different loops, different clients.
            Assert.All(clients, kv => Assert.StartsWith(kv.Key + " ", Assert.Single(kv.Value)));
            Assert.NotEqual(clients["squall-loop-0"][0].Split(' ')[1], clients["squall-loop-1"][0].Split(' ')[1]);
        }
        finally
        {
            foreach (var c in all) c.Dispose();
        }
    }

    [Fact]
    public void ABlockedLoopDoesNotStallTheOthers()
    {
        var log = new ListLogger();
        using var group = StartGroup(2, log);
        var all = new List<KeepAliveClient>();
        try
        {
            var byLoop = ConnectToEveryLoop(group, all);
            Assert.Equal(2, byLoop.Count);
            var blocked = byLoop["squall-loop-0"][0];
            var free = byLoop["squall-loop-1"][0];
            blocked.Send("/loop/block");
            Assert.True(LoopBlockHandler.Entered.Wait(TimeSpan.FromSeconds(30)), "the blocking handler never ran");
            // Loop 0 is stuck inside the handler until the gate opens; loop 1 answers meanwhile.
            Assert.Equal("squall-loop-1", free.Get("/loop"));
            Assert.Equal("squall-loop-1", free.Get("/loop"));
            LoopBlockHandler.Gate.Set();
            Assert.Equal("unblocked", blocked.Receive().Body);
            Assert.Equal("squall-loop-0", blocked.Get("/loop"));
        }
        finally
        {
            LoopBlockHandler.Gate.Set();
            foreach (var c in all) c.Dispose();
        }
    }

    [Fact]
    public void ApplicationListenOnOneLoopIsTheCurrentLoopAlone()
    {
        var loop = new IOLoop();
        // CurrentOrNull, not Current: asking Current here made a loop (an epoll fd and an eventfd) on the test thread
        // only to put it back, and nobody disposed it.
        var previous = IOLoop.CurrentOrNull;
        loop.MakeCurrent();
        try
        {
            var app = new Application(Squall.Generated.Routes.Table, new ApplicationSettings { Logger = new ListLogger() });
            using var group = app.Listen(0, "127.0.0.1", loops: 1);
            Assert.Same(loop, Assert.Single(group.Loops));
            Assert.Equal(group.BoundPort, group.Servers[0].BoundPort);
        }
        finally
        {
            loop.Dispose(); // no longer this thread's current loop
            previous?.MakeCurrent();
        }
    }

    [Fact]
    public async Task ShutdownFinishesRequestsInFlightClosesIdleConnectionsAndRefusesNewOnes()
    {
        var log = new ListLogger();
        var group = StartGroup(2, log);
        var all = new List<KeepAliveClient>();
        try
        {
            var byLoop = ConnectToEveryLoop(group, all);
            var busy = new KeepAliveClient(group.BoundPort);
            all.Add(busy);
            busy.Send("/loop/held");
            Assert.True(await HeldHandler.Arrived.WaitAsync(TimeSpan.FromSeconds(30)), "the held request never reached its handler");
            Assert.True(HeldHandler.Held.TryDequeue(out var held));

            var shutdown = group.ShutdownAsync(TimeSpan.FromSeconds(60));

            // Every idle keep-alive connection, on both loops, is closed; both loops have run their drain step.
            foreach (var idle in byLoop.Values.SelectMany(l => l)) Assert.True(idle.ReadsEndOfStream(), "an idle connection stayed open");
            var refused = Assert.Throws<SocketException>(() =>
            {
                using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                s.Connect(new IPEndPoint(IPAddress.Loopback, group.BoundPort));
            });
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
            Assert.False(shutdown.IsCompleted);

            held.Loop.AddCallback(() => held.Release.SetResult());
            var response = busy.Receive();
            Assert.Equal(200, response.Status);
            Assert.Equal("held and released", response.Body);
            Assert.Equal("close", response.Headers["connection"]);
            Assert.True(busy.ReadsEndOfStream());
            Assert.Equal(0, await shutdown.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.All(group.Loops, l => Assert.False(l.IsRunning));
        }
        finally
        {
            foreach (var c in all) c.Dispose();
            group.Dispose();
        }
    }

    [Fact]
    public async Task ShutdownClosesWebSocketsWithGoingAwayAndWaitsForTheirCloseHandshake()
    {
        var log = new ListLogger();
        var group = StartGroup(2, log);
        try
        {
            // .NET's own WebSocket client (not ours) on each of a few connections: the kernel spreads them over the loops.
            var sockets = new List<System.Net.WebSockets.ClientWebSocket>();
            for (int i = 0; i < 4; i++)
            {
                var ws = new System.Net.WebSockets.ClientWebSocket();
                await ws.ConnectAsync(new Uri($"ws://127.0.0.1:{group.BoundPort}/loop/ws"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
                await ws.SendAsync("ping"u8.ToArray(), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
                var echo = new byte[16];
                var got = await ws.ReceiveAsync(echo, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
                Assert.Equal("ping", System.Text.Encoding.UTF8.GetString(echo, 0, got.Count));
                sockets.Add(ws);
            }

            var shutdown = group.ShutdownAsync(TimeSpan.FromSeconds(60));

            foreach (var ws in sockets)
            {
                var frame = await ws.ReceiveAsync(new byte[16], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
                Assert.Equal(System.Net.WebSockets.WebSocketMessageType.Close, frame.MessageType);
                Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, ws.CloseStatus); // 1001 Going Away
                Assert.Equal("Server shutting down", ws.CloseStatusDescription);
                Assert.False(shutdown.IsCompleted); // it waits for this socket's answer
                await ws.CloseOutputAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            }
            // Every close handshake completed: nothing had to be cut.
            Assert.Equal(0, await shutdown.WaitAsync(TimeSpan.FromSeconds(30)));
            foreach (var ws in sockets) ws.Dispose();
        }
        finally
        {
            group.Dispose();
        }
    }

    [Fact]
    public async Task ShutdownCutsWhatOutlivesItsTimeoutAndLogsIt()
    {
        var log = new ListLogger();
        var group = StartGroup(2, log);
        using var busy = new KeepAliveClient(group.BoundPort);
        try
        {
            busy.Send("/loop/held");
            Assert.True(await HeldHandler.Arrived.WaitAsync(TimeSpan.FromSeconds(30)), "the held request never reached its handler");
            Assert.True(HeldHandler.Held.TryDequeue(out _)); // never released
            int cut = await group.ShutdownAsync(TimeSpan.FromMilliseconds(200)).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(1, cut);
            Assert.True(busy.ReadsEndOfStream());
            Assert.Contains(log.Lines, l => l.StartsWith("Warning Shutdown: 1 connection(s) still open", StringComparison.Ordinal));
        }
        finally
        {
            group.Dispose();
        }
    }
}
