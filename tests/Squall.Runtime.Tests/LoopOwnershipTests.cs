using System.Net;
using System.Runtime.CompilerServices;
using Squall.IO;

namespace Squall.Tests;

/// <summary>Counts this process's epoll fds; nothing else may make or drop loops while it runs.</summary>
[CollectionDefinition(nameof(FdCountingCollection), DisableParallelization = true)]
public sealed class FdCountingCollection;

/// <summary>
/// Library code never makes a loop (an epoll fd and an eventfd) on a thread that cannot run it, and a loop nobody
/// disposed gives its fds back when it is collected.
/// </summary>
[Collection(nameof(FdCountingCollection))]
public sealed class LoopOwnershipTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static int EpollFds() =>
        new DirectoryInfo("/proc/self/fd").GetFileSystemInfos().Count(f => f.LinkTarget == "anon_inode:[eventpoll]");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MakeAndDropLoops(int count)
    {
        for (int i = 0; i < count; i++) _ = new IOLoop();
    }

    [Fact]
    public void A_loop_that_is_never_disposed_releases_its_fds_when_collected()
    {
        int before = EpollFds();
        MakeAndDropLoops(40);
        Assert.Equal(before + 40, EpollFds());
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.Equal(before, EpollFds());
    }

    [Fact]
    public void Disposing_a_loop_that_never_ran_releases_its_fds_at_once()
    {
        int before = EpollFds();
        var loop = new IOLoop();
        Assert.Equal(before + 1, EpollFds());
        loop.Dispose();
        Assert.Equal(before, EpollFds());
    }

    [Fact]
    public void IOLoop_Current_on_a_thread_pool_thread_throws_instead_of_making_a_loop()
    {
        int before = EpollFds();
        var thrown = Task.Run(() => Record.Exception(() => IOLoop.Current)).WaitAsync(Timeout).GetAwaiter().GetResult();
        Assert.IsType<InvalidOperationException>(thrown);
        Assert.Contains("thread-pool thread", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(before, EpollFds());
    }

    [Fact]
    public void Future_FromTask_and_Resolver_on_a_thread_pool_thread_complete_without_a_loop()
    {
        int before = EpollFds();
        var (fromTask, resolved, loopAfter) = Task.Run(() =>
        {
            var f = Future.FromTask(Task.FromResult(42));
            var r = Resolver.Default.Resolve("localhost");
            // Both complete on the thread that finished the work: wait for them as a Task would.
            bool done = f.AsTask().Wait(Timeout) & r.AsTask().Wait(Timeout);
            return (done ? f.Result : -1, r.Result, IOLoop.CurrentOrNull);
        }).WaitAsync(Timeout).GetAwaiter().GetResult();

        Assert.Equal(42, fromTask);
        Assert.Contains(resolved, a => IPAddress.IsLoopback(a));
        Assert.Null(loopAfter);
        Assert.Equal(before, EpollFds());
    }
}
