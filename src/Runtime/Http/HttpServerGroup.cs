using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Squall.IO;

namespace Squall.Http;

/// <summary>
/// One <see cref="HttpServer"/> per <see cref="IOLoop"/>, all on one port: Squall's answer to Tornado's
/// <c>fork_processes</c> + <c>SO_REUSEPORT</c> inside one process. Every loop has its own listening socket bound with
/// <c>SO_REUSEPORT</c>, so the kernel spreads new connections over the loops; a connection then lives on its loop for
/// its whole life and every callback of its requests runs on that loop's thread, so handler code stays
/// single-threaded. Per-thread state (<see cref="AsyncHttpClient.Shared"/>, handler and buffer pools) is per loop.
/// State shared across loops is the application's: reach another loop with <see cref="IOLoop.AddCallback(Action)"/>
/// or use a thread-safe structure. The members of this class may be called from any thread.
/// </summary>
public sealed class HttpServerGroup : IDisposable
{
    private readonly HttpServer[] _servers;
    private readonly IOLoop[] _loops;
    private readonly IOLoopThread[] _threads;
    private int _stopped;

    private HttpServerGroup(HttpServer[] servers, IOLoop[] loops, IOLoopThread[] threads, int port)
    {
        _servers = servers;
        _loops = loops;
        _threads = threads;
        BoundPort = port;
    }

    /// <summary>The loops, one server each; the first is the caller's when started with <c>useCurrentLoop</c>.</summary>
    public IReadOnlyList<IOLoop> Loops => _loops;

    /// <summary>The servers, <c>Servers[i]</c> on <c>Loops[i]</c>; touch one only on its own loop.</summary>
    public IReadOnlyList<HttpServer> Servers => _servers;

    /// <summary>The port every loop listens on (the one picked when 0 was asked).</summary>
    public int BoundPort { get; }

    /// <summary>The number of loops <paramref name="loops"/> asks for: itself, or one per core for 0.</summary>
    public static int ResolveLoopCount(int loops)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(loops);
        // ProcessorCount honours the affinity mask and cgroup CPU limits, so `taskset -c 0,1` or a container's
        // --cpus=2 gives two loops.
        return loops == 0 ? Environment.ProcessorCount : loops;
    }

    /// <summary>
    /// Binds <paramref name="port"/> (0: a free port, see <see cref="BoundPort"/>) on <paramref name="address"/> once
    /// per loop and starts serving: <paramref name="createServer"/> makes each loop's server. With
    /// <paramref name="useCurrentLoop"/> the first loop is <see cref="IOLoop.Current"/> (the caller runs it with
    /// <see cref="IOLoop.Start"/>, as with a single server) and <paramref name="loops"/> − 1 loops get threads of their
    /// own; without it every loop gets a thread. One loop binds without <c>SO_REUSEPORT</c>, exactly like
    /// <see cref="HttpServer.Listen(int, string)"/>. Binding errors are thrown here, before any loop serves.
    /// </summary>
    public static HttpServerGroup Start(Func<HttpServer> createServer, int loops, int port, string address = "127.0.0.1",
        bool useCurrentLoop = true, IOLoopOptions? loopOptions = null)
    {
        ArgumentNullException.ThrowIfNull(createServer);
        int count = ResolveLoopCount(loops);
        var servers = new HttpServer[count];
        var sockets = new IReadOnlyList<Socket>[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                servers[i] = createServer();
                sockets[i] = NetUtil.BindSockets(port, address, servers[i].Settings.Backlog, reusePort: count > 1);
                if (port == 0) port = ((IPEndPoint)sockets[i][0].LocalEndPoint!).Port;
            }
        }
        catch
        {
            foreach (var set in sockets)
            {
                if (set is null) continue;
                foreach (var s in set) s.Dispose();
            }
            throw;
        }

        int first = useCurrentLoop ? 1 : 0;
        var loopList = new IOLoop[count];
        var threads = new IOLoopThread[count - first];
        if (useCurrentLoop)
        {
            loopList[0] = IOLoop.Current;
            servers[0].AddSockets(sockets[0]);
        }
        for (int i = first; i < count; i++)
        {
            var thread = new IOLoopThread($"squall-loop-{i}", loopOptions);
            threads[i - first] = thread;
            loopList[i] = thread.Loop;
            var server = servers[i];
            var own = sockets[i];
            // AddSockets registers with IOLoop.Current: run it on the loop's own thread.
            thread.Loop.AddCallback(() => server.AddSockets(own));
            thread.Start();
        }
        return new HttpServerGroup(servers, loopList, threads, port);
    }

    /// <summary>
    /// Graceful shutdown: every listener closes at once (new connections are refused), idle keep-alive connections
    /// close, requests in flight run to completion and get their responses (sent with <c>Connection: close</c>), then
    /// those connections close. Connections still open after <paramref name="timeout"/> are cut, and that is logged.
    /// Finally every loop of the group is stopped (the caller's too) and its threads are joined. Call it from outside
    /// the loops (a signal handler, a host's stop); the result is the number of connections cut.
    /// </summary>
    public async Task<int> ShutdownAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var logger = _loops[0].Logger;
        var drained = new Task[_servers.Length];
        for (int i = 0; i < _servers.Length; i++)
        {
            var server = _servers[i];
            drained[i] = OnLoopAsync(_loops[i], done => server.Drain().AddDoneCallback(_ => done()));
        }
        var all = Task.WhenAll(drained);
        int cut = 0;
        try
        {
            await all.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            var counts = new Task<int>[_servers.Length];
            for (int i = 0; i < _servers.Length; i++)
            {
                var server = _servers[i];
                counts[i] = OnLoopAsync(_loops[i], () => server.CloseAllConnections());
            }
            try
            {
                // A loop that no longer runs (its owner stopped it) cannot answer: don't wait for it for ever.
                cut = (await Task.WhenAll(counts).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false)).Sum();
            }
            catch (TimeoutException)
            {
                logger.LogError("Shutdown: a loop did not answer; its connections were not closed");
            }
            logger.LogWarning("Shutdown: {Count} connection(s) still open after {Timeout} s were cut", cut, timeout.TotalSeconds);
        }
        StopLoops();
        return cut;
    }

    /// <summary>Stops accepting and closes every connection at once, stops the loops and joins their threads.</summary>
    public void Dispose()
    {
        if (Volatile.Read(ref _stopped) != 0) return;
        var pending = new List<Task>();
        for (int i = 0; i < _servers.Length; i++)
        {
            var server = _servers[i];
            Action close = () =>
            {
                server.Stop();
                server.CloseAllConnections();
            };
            if (_loops[i].IsOnLoopThread) close();
            else pending.Add(OnLoopAsync(_loops[i], done => { close(); done(); }));
        }
        // A loop that is not running (the caller never started its own) cannot answer; its sockets close with it.
        try
        {
            Task.WhenAll(pending).Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException e)
        {
            _loops[0].Logger.LogError(e, "Closing the servers of a group failed");
        }
        StopLoops();
    }

    private void StopLoops()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        foreach (var loop in _loops) loop.Stop();
        foreach (var thread in _threads) thread.Dispose();
    }

    private static Task OnLoopAsync(IOLoop loop, Action<Action> start)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.AddCallback(() =>
        {
            try
            {
                start(() => done.TrySetResult());
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });
        return done.Task;
    }

    private static Task<T> OnLoopAsync<T>(IOLoop loop, Func<T> action)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.AddCallback(() =>
        {
            try
            {
                done.TrySetResult(action());
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });
        return done.Task;
    }
}
