using System.Runtime.InteropServices;

namespace Squall.Tests;

/// <summary>
/// A disposed loop is nobody's current loop and is never used in silence (Tornado's <c>IOLoop.close</c> clears the
/// current loop): a thread whose current loop was disposed elsewhere gets a new one, coroutines and done-callbacks
/// started there are not posted to the dead loop, callbacks queued to it are dropped and logged, and its closed fds
/// are never written to or controlled again (their numbers may already belong to someone else).
/// In the fd-counting collection: nothing else opens or closes fds while <see cref="A_disposed_loop_never_writes_to_its_old_wake_fd"/> reuses a number.
/// </summary>
[Collection(nameof(FdCountingCollection))]
public sealed partial class DisposedLoopTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="body"/> on a dedicated (non-pool) thread, which may make a current loop.</summary>
    private static void OnOwnThread(Action body)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { body(); }
            catch (Exception e) { failure = e; }
        }) { IsBackground = true };
        thread.Start();
        Assert.True(thread.Join(Timeout), "the test thread hung");
        if (failure is not null) throw new Xunit.Sdk.XunitException("on the test thread: " + failure);
    }

    /// <summary>Runs <paramref name="loop"/> once on the calling thread (it stays that thread's current loop, as after any run).</summary>
    private static void RunOnce(IOLoop loop) => loop.RunSync(() => Future.Completed, Timeout);

    [Fact]
    public void Disposing_a_loop_clears_it_as_the_current_loop_of_the_thread_that_ran_it()
    {
        var ran = new ManualResetEventSlim();
        var disposed = new ManualResetEventSlim();
        var loop = new IOLoop();
        IOLoop? currentAfterRun = null, currentOrNullAfterDispose = null, currentAfterDispose = null;
        var runner = new Thread(() =>
        {
            RunOnce(loop);
            currentAfterRun = IOLoop.Current;
            ran.Set();
            disposed.Wait(Timeout);
            currentOrNullAfterDispose = IOLoop.CurrentOrNull;
            currentAfterDispose = IOLoop.Current;
        }) { IsBackground = true };
        runner.Start();
        Assert.True(ran.Wait(Timeout));
        loop.Dispose(); // on this thread, not the runner's
        disposed.Set();
        Assert.True(runner.Join(Timeout));

        Assert.Same(loop, currentAfterRun);
        Assert.Null(currentOrNullAfterDispose);
        Assert.NotNull(currentAfterDispose);
        Assert.NotSame(loop, currentAfterDispose);
        Assert.False(currentAfterDispose!.IsDisposed);
        currentAfterDispose.Dispose();
    }

    [Fact]
    public void Disposing_the_current_loop_on_its_own_thread_clears_it_at_once()
    {
        OnOwnThread(() =>
        {
            var first = IOLoop.Current;
            first.Dispose();
            Assert.Null(IOLoop.CurrentOrNull);
            var second = IOLoop.Current;
            Assert.NotSame(first, second);
            second.Dispose();
        });
    }

    [Fact]
    public void A_done_callback_added_where_a_disposed_loop_was_current_still_runs()
    {
        var log = new ListLogger();
        var loop = new IOLoop(new IOLoopOptions { Logger = log });
        var ran = new ManualResetEventSlim();
        var ready = new ManualResetEventSlim();
        var go = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            RunOnce(loop);
            ready.Set();
            go.Wait(Timeout);
            // The loop that was current here is gone: the callback must not be posted to it (it would never run).
            var future = new Future();
            future.AddDoneCallback(_ => ran.Set());
            future.SetResult();
        }) { IsBackground = true };
        thread.Start();
        Assert.True(ready.Wait(Timeout));
        loop.Dispose();
        go.Set();
        Assert.True(ran.Wait(Timeout), "the done-callback was posted to the disposed loop and never ran");
        Assert.True(thread.Join(Timeout));
        Assert.Empty(log.Entries);
    }

    [Fact]
    public void A_callback_queued_to_a_disposed_loop_is_dropped_and_logged()
    {
        var log = new ListLogger();
        var loop = new IOLoop(new IOLoopOptions { Logger = log });
        loop.Dispose();
        // From another thread (an executor job finishing late) and from this one: no throw, one warning each.
        Task.Run(() => loop.AddCallback(OneCallback)).WaitAsync(Timeout).GetAwaiter().GetResult();
        loop.AddCallback(OneCallback);
        Assert.Equal(2, log.Entries.Count);
        Assert.All(log.Entries, e =>
        {
            Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, e.Level);
            Assert.Equal("IOLoop is disposed: callback DisposedLoopTests.OneCallback dropped (it was queued after Dispose and can never run)", e.Message);
        });
    }

    private static void OneCallback() { }

    [Fact]
    public void A_disposed_loop_cannot_be_made_current_started_or_given_timers_or_handlers()
    {
        var loop = new IOLoop();
        var timer = loop.CallLater(TimeSpan.FromHours(1), OneCallback);
        loop.Dispose();
        Assert.Throws<ObjectDisposedException>(loop.MakeCurrent);
        Assert.Throws<ObjectDisposedException>(loop.Start);
        Assert.Throws<ObjectDisposedException>(() => loop.CallLater(TimeSpan.Zero, OneCallback));
        Assert.Throws<ObjectDisposedException>(() => loop.AddHandler(0, (_, _) => { }, IOEvents.Read));
        Assert.Throws<ObjectDisposedException>(() => loop.UpdateHandler(0, IOEvents.Read));
        // Cleaning up after the loop is gone is fine: these do nothing.
        loop.RemoveTimeout(timer);
        loop.RemoveHandler(0);
    }

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static partial int Pipe2([Out] int[] fds, int flags);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int oldFd, int newFd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, [Out] byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command);

    private const int O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000, F_GETFD = 1, EBADF = 9, EAGAIN = 11;

    [Fact]
    public void A_disposed_loop_never_writes_to_its_old_wake_fd()
    {
        var fds = new int[2];
        Assert.Equal(0, Pipe2(fds, O_NONBLOCK | O_CLOEXEC)); // opened first, so it cannot take the numbers freed below
        try
        {
            var (loop, wakeFd) = DisposedLoopWithFreeWakeFd();
            // Put the pipe's write end at the closed eventfd's number, as the next file opened in the process may be.
            Assert.Equal(wakeFd, Dup2(fds[1], wakeFd));
            try
            {
                // Stop and AddCallback from another thread are the calls that wake a loop.
                Task.Run(() =>
                {
                    loop.Stop();
                    loop.AddCallback(OneCallback);
                }).WaitAsync(Timeout).GetAwaiter().GetResult();
                var buffer = new byte[16];
                Assert.Equal(-1, Read(fds[0], buffer, buffer.Length));
                Assert.Equal(EAGAIN, Marshal.GetLastPInvokeError());
            }
            finally
            {
                Close(wakeFd);
            }
        }
        finally
        {
            Close(fds[0]);
            Close(fds[1]);
        }
    }

    /// <summary>
    /// A disposed loop whose eventfd number is still free just after its disposal. The runtime may open a file of its
    /// own in between (an assembly it loads); then another loop is tried, never someone else's descriptor taken.
    /// </summary>
    private static (IOLoop Loop, int WakeFd) DisposedLoopWithFreeWakeFd()
    {
        for (int attempt = 0; attempt < 10; attempt++)
        {
            var loop = new IOLoop();
            int wakeFd = loop.WakeFd;
            loop.Dispose();
            if (Fcntl(wakeFd, F_GETFD) < 0 && Marshal.GetLastPInvokeError() == EBADF) return (loop, wakeFd);
        }
        throw new Xunit.Sdk.XunitException("every disposed loop's eventfd number was taken by another file at once");
    }
}
