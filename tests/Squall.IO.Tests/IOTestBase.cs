using System.Net;
using System.Net.Sockets;

namespace Squall.IO.Tests;

/// <summary>Loop tests over real loopback sockets: helpers to make connected stream pairs and to bound every wait.</summary>
public abstract class IOTestBase(PollerKind poller) : LoopTestBase(poller)
{
    // Hang guards (every await of a test has one), generous for a machine under heavy load.
    protected static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    private readonly List<TcpServer> _servers = new();

    /// <summary>A server on 127.0.0.1 port 0 whose accepted streams go to <paramref name="handler"/>.</summary>
    protected TcpServer StartServer(Func<IOStream, EndPoint, Future> handler, int backlog = 128)
    {
        var server = new TcpServer(handler);
        server.Listen(0, "127.0.0.1", backlog);
        _servers.Add(server);
        return server;
    }

    /// <summary>A connected pair: the server side and the client side of one TCP connection.</summary>
    protected async Future<(IOStream Server, IOStream Client)> ConnectPair()
    {
        var accepted = new Future<IOStream>();
        var server = StartServer((stream, _) =>
        {
            accepted.TrySetResult(stream);
            return Future.Completed;
        });
        var client = await Within(TcpClient.Connect("127.0.0.1", server.BoundPort));
        var serverSide = await Within(accepted);
        return (serverSide, client);
    }

    /// <summary>A raw blocking client socket connected to a server stream (for resets and split segments).</summary>
    protected async Future<(IOStream Server, Socket Raw)> ConnectRaw()
    {
        var accepted = new Future<IOStream>();
        var server = StartServer((stream, _) =>
        {
            accepted.TrySetResult(stream);
            return Future.Completed;
        });
        var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        raw.Connect(new IPEndPoint(IPAddress.Loopback, server.BoundPort));
        var serverSide = await Within(accepted);
        return (serverSide, raw);
    }

    protected static Future<T> Within<T>(Future<T> future) => Gen.WithTimeout(Step, future);

    protected static Future Within(Future future) => Gen.WithTimeout(Step, future);

    /// <summary>
    /// Completes once <paramref name="condition"/> holds: checked now, then each time <paramref name="stream"/> receives
    /// bytes (<see cref="IOStream.Received"/>), an event rather than a poll. Fails after <see cref="Step"/> (a hang guard).
    /// </summary>
    protected static async Future WhenReceived(IOStream stream, Func<bool> condition, string what)
    {
        var done = new Future();
        if (condition()) return;
        stream.Received = () =>
        {
            if (!condition()) return;
            stream.Received = null;
            done.TrySetResult();
        };
        try
        {
            await Gen.WithTimeout(Step, done);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out waiting for {what}");
        }
        finally
        {
            stream.Received = null;
        }
    }

    /// <summary>Awaits <paramref name="future"/> and returns the exception it failed with (fails the test if it succeeded).</summary>
    protected static async Future<Exception> Failure(Future future)
    {
        var done = new Future();
        future.AddDoneCallback(_ => done.TrySetResult());
        await Within(done);
        return future.Exception ?? throw new Xunit.Sdk.XunitException("Expected the future to fail, but it succeeded.");
    }

    /// <summary>Echoes everything on the low-level path (WaitForData, Buffered, GetSpan/Advance, Consume) until the peer closes.</summary>
    protected static async Future Echo(IOStream stream)
    {
        try
        {
            while (true)
            {
                // Bytes may already be buffered (read ahead while we waited on a flush): use them before waiting.
                if (stream.Buffered.IsEmpty) await stream.WaitForData();
                var data = stream.Buffered;
                data.Span.CopyTo(stream.GetSpan(data.Length));
                stream.Advance(data.Length);
                stream.Consume(data.Length);
                stream.FlushPending();
                // Backpressure: a peer that does not read must not grow our queue without bound.
                if (stream.WriteBufferSize > 1 << 20) await stream.Flush();
            }
        }
        catch (StreamClosedException)
        {
        }
    }

    protected override void OnDispose()
    {
        foreach (var server in _servers) server.Stop();
    }
}
