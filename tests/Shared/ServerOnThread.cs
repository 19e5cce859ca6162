using System.Net.Security;
using Squall.Http;

namespace Squall.TestSupport;

/// <summary>
/// An <see cref="HttpServer"/> on 127.0.0.1:0 (or <c>address</c>) running its own loop on a background thread, so tests
/// can talk to it with plain blocking sockets, System.Net.Http, curl, Python or openssl. Given
/// <c>sslOptions</c> (or settings that carry <see cref="HttpServerSettings.SslOptions"/>) it serves HTTPS.
/// Dispose stops the loop and joins the thread.
/// </summary>
internal sealed class ServerOnThread : IDisposable
{
    // Generous: the first TLS server of a process loads OpenSSL and JITs the handshake path on a loaded machine.
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly Thread _thread;
    private IOLoop? _loop;
    private HttpServer? _server;

    public ServerOnThread(IHttpHandler handler, HttpServerSettings? settings = null, string address = "127.0.0.1", bool detectSlowCallbacks = true,
        TimeSpan? slowCallbackThreshold = null, SslServerAuthenticationOptions? sslOptions = null, ManualClock? clock = null)
    {
        Log = new ListLogger();
        Clock = clock;
        Func<long>? loopClock = clock is null ? null : () => clock.Now;
        if (sslOptions is not null)
        {
            settings ??= new HttpServerSettings();
            settings.SslOptions = sslOptions;
        }
        IsHttps = settings?.SslOptions is not null;
        using var ready = new ManualResetEventSlim();
        Exception? failure = null;
        _thread = new Thread(() =>
        {
            try
            {
                // Slow-callback detection (on in debug builds) names the slowest callback of each iteration with a
                // string; the allocation test turns it off to measure the HTTP path alone.
                _loop = !detectSlowCallbacks ? new IOLoop(new IOLoopOptions { Logger = Log, SlowCallbackThreshold = null, Clock = loopClock })
                    : slowCallbackThreshold is { } threshold ? new IOLoop(new IOLoopOptions { Logger = Log, SlowCallbackThreshold = threshold, Clock = loopClock })
                    : new IOLoop(new IOLoopOptions { Logger = Log, Clock = loopClock });
                _loop.MakeCurrent();
                _server = new HttpServer(handler, settings) { ConnectionsChanged = Recheck, DeadlineArmed = Recheck };
                if (handler is IReportsChanges observed) observed.Changed = Recheck;
                _server.Listen(0, address);
                Port = _server.BoundPort;
            }
            catch (Exception e)
            {
                failure = e;
                ready.Set();
                return;
            }
            ready.Set();
            _loop.Start();
            _server.Stop();
            _server.CloseAllConnections();
            _loop.Dispose();
        }) { IsBackground = true, Name = IsHttps ? "https-test-server" : "http-test-server" };
        _thread.Start();
        if (!ready.Wait(s_wait)) throw new TimeoutException("server did not start");
        if (failure is not null) throw failure;
    }

    public int Port { get; private set; }

    /// <summary>The loop's clock when the test moves time itself (<c>clock</c> given), else null (the monotonic clock).</summary>
    public ManualClock? Clock { get; }

    /// <summary>
    /// Moves the manual clock by <paramref name="ticks"/> and returns once the loop has run a timer pass on the new
    /// time: the first callback wakes the loop (its timers due at the new now run in that same iteration, after the
    /// callbacks) and queues a second one, which runs in the next iteration. What the due timers did (closed a
    /// connection, logged, sent a frame) is done when this returns.
    /// </summary>
    public void Advance(long ticks)
    {
        var clock = Clock ?? throw new InvalidOperationException("This server runs on the monotonic clock.");
        clock.Advance(ticks);
        var passed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop!.AddCallback(() => _loop.AddCallback(() => passed.SetResult()));
        if (!passed.Task.Wait(s_wait)) throw new TimeoutException("the loop did not run a timer pass");
    }

    /// <summary>Moves the manual clock by <paramref name="by"/>; see <see cref="Advance(long)"/>.</summary>
    public void Advance(TimeSpan by) => Advance(ManualClock.Ticks(by));

    public ListLogger Log { get; }

    /// <summary>True when the server speaks TLS.</summary>
    public bool IsHttps { get; }

    /// <summary>The URL of <paramref name="path"/> on this server, <c>https://</c> when it speaks TLS.</summary>
    public string Url(string path, string host = "127.0.0.1") => $"{(IsHttps ? "https" : "http")}://{host}:{Port}{path}";

    /// <summary>Runs <paramref name="action"/> on the server's loop and waits for it.</summary>
    public T OnLoop<T>(Func<T> action)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop!.AddCallback(() =>
        {
            try { done.SetResult(action()); }
            catch (Exception e) { done.SetException(e); }
        });
        return done.Task.WaitAsync(s_wait).GetAwaiter().GetResult();
    }

    public int ConnectionCount => OnLoop(() => _server!.ConnectionCount);

    /// <summary>TLS handshakes the server saw fail.</summary>
    public long FailedHandshakes => OnLoop(() => _server!.FailedHandshakes);
    // Conditions waited for by WaitUntil, re-checked on the loop whenever the server or the handler reports a change.
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];

    /// <summary>
    /// Blocks until <paramref name="condition"/> holds on the loop. It is checked at once and then each time the
    /// server's connection count changes or the handler reports a change (<see cref="Recheck"/>): an event, not a
    /// poll. The 30 s timeout is a hang guard; it fails the test with <paramref name="what"/>.
    /// </summary>
    public void WaitUntil(Func<bool> condition, string what)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop!.AddCallback(() =>
        {
            if (condition()) done.SetResult();
            else _waiters.Add((condition, done));
        });
        if (!done.Task.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException($"still waiting after 30 s for {what}");
    }

    /// <summary>Re-checks the conditions of <see cref="WaitUntil"/>; on the loop, after any change a test may wait for.</summary>
    public void Recheck()
    {
        for (int i = _waiters.Count - 1; i >= 0; i--)
        {
            if (!_waiters[i].Condition()) continue;
            _waiters[i].Done.SetResult();
            _waiters.RemoveAt(i);
        }
    }

    /// <summary>The server itself: touch it on the loop only (<see cref="OnLoop{T}"/>).</summary>
    public HttpServer Http => _server!;

    public long SendCalls => OnLoop(() => _server!.SendCalls);

    public void Dispose()
    {
        _loop?.Stop();
        _thread.Join(s_wait);
    }
}
