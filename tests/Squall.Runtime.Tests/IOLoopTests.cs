using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Squall.Tests;

public abstract class IOLoopTests(PollerKind poller) : LoopTestBase(poller)
{
    [Fact]
    public void Callbacks_run_in_fifo_order()
    {
        var order = new List<int>();
        Run(async () =>
        {
            for (int i = 0; i < 100; i++)
            {
                int n = i;
                Loop.AddCallback(() => order.Add(n));
            }
            await Gen.Sleep(TimeSpan.FromMilliseconds(5));
        });
        Assert.Equal(Enumerable.Range(0, 100), order);
    }

    [Fact]
    public void A_callback_that_requeues_itself_does_not_starve_io()
    {
        // A self-requeueing callback runs once per iteration; the socket still gets polled and read.
        int spins = 0;
        bool stop = false;
        void Spin()
        {
            spins++;
            if (!stop) Loop.AddCallback(Spin);
        }
        var (a, b) = SocketPair();
        using (a) using (b)
        {
            Run(async () =>
            {
                var readable = new Future();
                Loop.AddHandler((int)b.Handle, (fd, ev) =>
                {
                    Loop.RemoveHandler(fd);
                    readable.TrySetResult();
                }, IOEvents.Read);
                Loop.AddCallback(Spin);
                a.Send(new byte[] { 1 });
                await Gen.WithTimeout(TimeSpan.FromSeconds(5), readable);
                stop = true;
            });
        }
        Assert.InRange(spins, 1, 1_000_000);
    }

    [Fact]
    public void Callbacks_added_while_running_wait_for_the_next_iteration()
    {
        var seen = new List<string>();
        Run(async () =>
        {
            Loop.AddCallback(() =>
            {
                seen.Add("first");
                Loop.AddCallback(() => seen.Add("queued-by-first"));
            });
            Loop.AddCallback(() => seen.Add("second"));
            await Gen.Sleep(TimeSpan.FromMilliseconds(5));
        });
        Assert.Equal(new[] { "first", "second", "queued-by-first" }, seen);
    }

    [Fact]
    public void AddCallback_from_another_thread_wakes_a_sleeping_loop()
    {
        // The loop runs with no timer at all, so it sleeps in its poller for up to an hour: only the waker can get it
        // out. The other thread queues its callback once the loop is about to sleep; a lost wake-up leaves the loop
        // asleep, the real-time hang guard stops it, and the callback never ran.
        int ranOn = 0;
        var thread = new Thread(() =>
        {
            if (!_aboutToSleep.Wait(TestTimeout)) return; // the guard fails the test
            Loop.AddCallback(() =>
            {
                ranOn = Environment.CurrentManagedThreadId;
                Loop.Stop();
            });
        });
        Loop.BeforeWait = timeoutMs =>
        {
            if (timeoutMs > 0) _aboutToSleep.Set();
            return timeoutMs;
        };
        thread.Start();
        using var guard = new Timer(_ => Loop.Stop(), null, TestTimeout, Timeout.InfiniteTimeSpan);
        Loop.Start();
        thread.Join();
        Assert.Equal(Environment.CurrentManagedThreadId, ranOn);
    }

    private readonly ManualResetEventSlim _aboutToSleep = new();

    protected override void OnDispose() => _aboutToSleep.Dispose();

    [Fact]
    public void Callbacks_from_many_threads_all_run_and_no_wake_up_is_lost()
    {
        // Producers pause now and then so the loop goes to sleep between bursts: a lost wake-up would leave
        // callbacks queued while the loop sleeps, and the test would time out.
        const int threads = 4, perThread = 3_000;
        int ran = Run(async () =>
        {
            int count = 0;
            var all = new Future();
            var producers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                var random = new Random(t);
                for (int i = 0; i < perThread; i++)
                {
                    Loop.AddCallback(() =>
                    {
                        if (++count == threads * perThread) all.TrySetResult();
                    });
                    if (random.Next(200) == 0) Thread.Sleep(1);
                }
            })).ToList();
            producers.ForEach(p => p.Start());
            await Gen.WithTimeout(TimeSpan.FromSeconds(15), all);
            return count;
        });
        Assert.Equal(threads * perThread, ran);
    }

    [Fact]
    public void A_callback_queued_just_as_the_loop_goes_to_sleep_wakes_it()
    {
        // Ping-pong: each callback is queued right after the previous one ran, i.e. while the loop clears its wake-up
        // flag and decides to sleep. If that clear could be reordered after its look at the queue, a round would find
        // the flag still set (no wake-up sent) while the loop slept on an empty-looking queue: that round never ends.
        const int rounds = 5_000;
        int lost = Loop.RunSync(async () =>
        {
            var finished = new Future<int>();
            var thread = new Thread(() =>
            {
                using var ran = new SemaphoreSlim(0);
                int stuck = 0;
                for (int i = 0; i < rounds && stuck == 0; i++)
                {
                    Loop.AddCallback(() => ran.Release());
                    if (!ran.Wait(TimeSpan.FromSeconds(20))) stuck = i + 1;
                }
                Loop.AddCallback(() => finished.SetResult(stuck));
            });
            thread.Start();
            return await Gen.WithTimeout(TimeSpan.FromMinutes(2), finished);
        }, TimeSpan.FromMinutes(3));
        Assert.Equal(0, lost);
    }

    [Fact]
    public void Stop_from_another_thread_stops_a_sleeping_loop()
    {
        // Stop is called once the loop is asleep in its poller with nothing due: Start returning at all is the proof.
        Loop.BeforeWait = timeoutMs =>
        {
            if (timeoutMs > 0) _aboutToSleep.Set();
            return timeoutMs;
        };
        var thread = new Thread(() =>
        {
            _aboutToSleep.Wait(TestTimeout); // a loop that never gets to sleep is stopped anyway
            Loop.Stop();
        });
        thread.Start();
        Loop.Start();
        thread.Join();
        Assert.False(Loop.IsRunning);
    }

    [Fact]
    public void CallAt_uses_the_monotonic_timestamp()
    {
        var when = Run(async () =>
        {
            var done = new Future<long>();
            long deadline = IOLoop.Timestamp() + Stopwatch.Frequency / 50; // 20 ms
            Loop.CallAt(deadline, () => done.SetResult(IOLoop.Timestamp() - deadline));
            return await done;
        });
        Assert.True(when >= 0);
    }

    [Fact]
    public void An_exception_in_a_callback_is_logged_and_the_loop_keeps_running()
    {
        bool after = false;
        Run(async () =>
        {
            Loop.AddCallback(() => throw new InvalidOperationException("boom in callback"));
            Loop.CallLater(TimeSpan.Zero, () => throw new InvalidOperationException("boom in timer"));
            await Gen.Sleep(TimeSpan.FromMilliseconds(5));
            after = true;
        });
        Assert.True(after);
        Assert.Contains(Log.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "boom in callback");
        Assert.Contains(Log.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "boom in timer");
    }

    [Fact]
    public void An_exception_in_an_fd_handler_is_logged_and_the_loop_keeps_running()
    {
        var (a, b) = SocketPair();
        using (a) using (b)
        {
            Run(async () =>
            {
                Loop.AddHandler((int)b.Handle, (fd, ev) =>
                {
                    Loop.RemoveHandler(fd);
                    throw new InvalidOperationException("boom in handler");
                }, IOEvents.Read);
                a.Send(new byte[] { 1 });
                // Wait for the log line itself, then for one more turn of the loop: it kept running after the throw.
                await Gen.WithTimeout(TestTimeout, Future.FromTask(Log.WhenLogged(e => e.Level == LogLevel.Error && e.Exception?.Message == "boom in handler")));
                await Gen.Moment;
            });
        }
        Assert.Single(Log.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "boom in handler");
    }

    [Fact]
    public void Fd_handlers_see_read_and_write_readiness_and_updates()
    {
        var (a, b) = SocketPair();
        using (a) using (b)
        {
            var events = Run(async () =>
            {
                var seen = new List<IOEvents>();
                var done = new Future();
                int fd = (int)b.Handle;
                Loop.AddHandler(fd, (f, ev) =>
                {
                    seen.Add(ev);
                    if ((ev & IOEvents.Write) != 0)
                    {
                        // Writable at once: now ask only for reads and send data from the peer.
                        Loop.UpdateHandler(f, IOEvents.Read);
                        a.Send("x"u8.ToArray());
                    }
                    else if ((ev & IOEvents.Read) != 0)
                    {
                        Loop.RemoveHandler(f);
                        done.SetResult();
                    }
                }, IOEvents.Write);
                await Gen.WithTimeout(TimeSpan.FromSeconds(5), done);
                return seen;
            });
            Assert.True((events[0] & IOEvents.Write) != 0);
            Assert.True((events[^1] & IOEvents.Read) != 0);
            var buffer = new byte[1];
            Assert.Equal(1, b.Receive(buffer));
        }
    }

    [Fact]
    public void Peer_close_is_reported_as_readable()
    {
        var (a, b) = SocketPair();
        using (b)
        {
            var ev = Run(async () =>
            {
                var got = new Future<IOEvents>();
                Loop.AddHandler((int)b.Handle, (fd, e) =>
                {
                    Loop.RemoveHandler(fd);
                    got.SetResult(e);
                }, IOEvents.Read);
                a.Close();
                return await Gen.WithTimeout(TimeSpan.FromSeconds(5), got);
            });
            Assert.True((ev & (IOEvents.Read | IOEvents.Error)) != 0);
        }
    }

    [Fact]
    public void RunInExecutor_runs_off_the_loop_and_delivers_on_the_loop_thread()
    {
        int loopThread = 0, workThread = 0, deliveredThread = 0;
        var result = Run(async () =>
        {
            loopThread = Environment.CurrentManagedThreadId;
            int r = await Loop.RunInExecutor(() =>
            {
                workThread = Environment.CurrentManagedThreadId;
                return 42;
            });
            deliveredThread = Environment.CurrentManagedThreadId;
            return r;
        });
        Assert.Equal(42, result);
        Assert.NotEqual(loopThread, workThread);
        Assert.Equal(loopThread, deliveredThread);
    }

    [Fact]
    public void RunInExecutor_failure_reaches_the_awaiter()
    {
        var e = Assert.Throws<FormatException>(() => Run(async () =>
        {
            await Loop.RunInExecutor(() => throw new FormatException("bad"));
        }));
        Assert.Equal("bad", e.Message);
    }

    [Fact]
    public void RunSync_times_out()
    {
        Assert.Throws<TimeoutException>(() => Loop.RunSync(() => Gen.Sleep(TimeSpan.FromSeconds(30)), TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void SpawnCallback_logs_a_failed_coroutine()
    {
        Run(async () =>
        {
            Loop.SpawnCallback(async () =>
            {
                await Gen.Moment;
                throw new InvalidOperationException("spawned failure");
            });
            // Wait for the log line itself (a fixed 20 ms sleep lost the race on a machine at load average 55).
            await Gen.WithTimeout(TestTimeout, Future.FromTask(Log.WhenLogged(e => e.Level == LogLevel.Error && e.Exception?.Message == "spawned failure")));
        });
        Assert.Contains(Log.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "spawned failure");
    }

    [Fact]
    public void Time_is_monotonic_seconds()
    {
        // Bracketed by the monotonic clock itself: Time() is that clock in seconds (not ms, not ticks).
        long before = Stopwatch.GetTimestamp();
        double time = Loop.Time();
        long after = Stopwatch.GetTimestamp();
        Assert.InRange(time, before / (double)Stopwatch.Frequency, after / (double)Stopwatch.Frequency);
    }

    internal static (Socket, Socket) SocketPair()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var a = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        a.Connect(listener.LocalEndPoint!);
        var b = listener.Accept();
        b.Blocking = false;
        return (a, b);
    }
}

public sealed class EpollIOLoopTests() : IOLoopTests(PollerKind.Epoll);

public sealed class PollIOLoopTests() : IOLoopTests(PollerKind.Poll);

public sealed class SlowCallbackDetectorTests() : LoopTestBase(PollerKind.Epoll, TimeSpan.FromMilliseconds(30))
{
    [Fact]
    public void A_slow_callback_is_logged_with_its_name()
    {
        Run(async () =>
        {
            Loop.AddCallback(BlockingCallback);
            await Gen.Sleep(TimeSpan.FromMilliseconds(10));
        });
        Assert.Contains(Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(nameof(BlockingCallback)));
    }

    [Fact]
    public void The_warning_tells_work_on_the_CPU_from_a_blocking_call()
    {
        Run(async () =>
        {
            Loop.AddCallback(BurnCpu);
            await Gen.Sleep(TimeSpan.FromMilliseconds(10));
            Loop.AddCallback(BlockingCallback);
            await Gen.Sleep(TimeSpan.FromMilliseconds(10));
        });
        // Thread CPU time is what the callback consumed whatever the machine's load, so the figures are exact bounds.
        Assert.True(CpuMilliseconds(nameof(BurnCpu)) >= 40, "the CPU-bound iteration's CPU time");
        Assert.True(CpuMilliseconds(nameof(BlockingCallback)) < 40, "the sleeping iteration's CPU time");
    }

    private double CpuMilliseconds(string callback)
    {
        var warning = Assert.Single(Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(callback));
        var match = System.Text.RegularExpressions.Regex.Match(warning.Message, @"\(([0-9.]+) ms on the CPU, preempted [0-9]+ times\)");
        Assert.True(match.Success, warning.Message);
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void BlockingCallback() => Thread.Sleep(60);

    // Spins until this thread has used 45 ms of CPU (the wall time is at least that: over the 30 ms threshold).
    private static void BurnCpu()
    {
        long start = Squall.Loop.Interop.ThreadUsage.Now().CpuMicroseconds;
        while (Squall.Loop.Interop.ThreadUsage.Now().CpuMicroseconds - start < 45_000)
        {
        }
    }
}
