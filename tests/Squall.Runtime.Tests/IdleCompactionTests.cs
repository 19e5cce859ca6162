using System.Net.Sockets;
using System.Text;
using Squall.Http;

namespace Squall.Runtime.Tests;

/// <summary>
/// A server that went quiet after a busy period gives its memory back: once the last connection closes it runs one
/// compacting collection (HttpServerSettings.CompactMemoryWhenIdle). In this assembly, not beside the HTTP suite's
/// allocation tests: an aggressive collection empties the shared array pools, and refilling them is what those count.
/// Its own collection, run alone: the full collection's pause must not land inside this assembly's timer tests.
/// </summary>
[Collection(nameof(IdleCompactionTests))]
public sealed class IdleCompactionTests
{
    private sealed class OkHandler : IHttpHandler
    {
        public Future RequestReceived(HttpServerRequest request)
        {
            var c = request.Connection;
            c.WriteHeaders(200);
            c.Write("ok"u8);
            c.Finish();
            return Future.Completed;
        }
    }

    [Fact]
    public void LastConnectionClosingAfterBusyPeriodCompactsTheHeap()
    {
        using var compacted = new SemaphoreSlim(0);
        using var ready = new ManualResetEventSlim();
        IOLoop? loop = null;
        HttpServer? server = null;
        var thread = new Thread(() =>
        {
            loop = new IOLoop();
            loop.MakeCurrent();
            server = new HttpServer(new OkHandler(), new HttpServerSettings { CompactMemoryWhenIdle = TimeSpan.Zero });
            server.IdleCompacted = () => compacted.Release();
            server.Listen(0);
            ready.Set();
            loop.Start();
            server.Stop();
            loop.Dispose();
        }) { IsBackground = true, Name = "idle-compaction-server" };
        thread.Start();
        Assert.True(ready.Wait(TimeSpan.FromSeconds(30)), "server did not start");
        try
        {
            // The busy period: more than the 16 MiB threshold allocated in the process.
            for (int i = 0; i < 40; i++) GC.KeepAlive(new byte[1024 * 1024]);
            int gen2Before = GC.CollectionCount(2);
            using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 30_000 })
            {
                socket.Connect("127.0.0.1", server!.BoundPort);
                socket.Send(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
                var response = new MemoryStream();
                var buffer = new byte[1024];
                int n;
                while ((n = socket.Receive(buffer)) > 0) response.Write(buffer, 0, n);
                string text = Encoding.ASCII.GetString(response.ToArray());
                Assert.StartsWith("HTTP/1.1 200 OK\r\n", text);
                Assert.EndsWith("\r\n\r\nok", text);
            }
            Assert.True(compacted.Wait(TimeSpan.FromSeconds(30)), "no compaction after the last connection closed");
            Assert.True(GC.CollectionCount(2) > gen2Before);
            using var counted = new ManualResetEventSlim();
            int compactions = -1;
            loop!.AddCallback(() =>
            {
                compactions = server.IdleCompactions;
                counted.Set();
            });
            Assert.True(counted.Wait(TimeSpan.FromSeconds(30)));
            Assert.Equal(1, compactions);
        }
        finally
        {
            loop?.AddCallback(loop.Stop);
            thread.Join(TimeSpan.FromSeconds(30));
        }
    }
}

/// <summary>Runs <see cref="IdleCompactionTests"/> with parallelization off, after the parallel collections.</summary>
[CollectionDefinition(nameof(IdleCompactionTests), DisableParallelization = true)]
public sealed class IdleCompactionCollection;
