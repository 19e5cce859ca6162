namespace Squall.Tests;

// Virtual time: the children sleep on a manual clock that jumps to the next timer, so "the 5 ms sleep ends before the
// 30 ms one" holds exactly, however long the machine pauses the test between starting the two.
public abstract class WaitIteratorTests(PollerKind poller) : LoopTestBase(poller, clock: new ManualClock(), jumpToTimers: true)
{
    private static async Future<string> After(int ms, string value)
    {
        await Gen.Sleep(TimeSpan.FromMilliseconds(ms));
        return value;
    }

    [Fact]
    public void Next_hands_out_results_in_completion_order_with_their_index()
    {
        var seen = Run(async () =>
        {
            var it = Gen.WaitIterator(After(40, "c"), After(1, "a"), After(20, "b"));
            var list = new List<(string, int)>();
            while (!it.Done())
            {
                var r = await it.Next();
                list.Add((r, it.CurrentIndex));
            }
            return list;
        });
        Assert.Equal(new[] { ("a", 1), ("b", 2), ("c", 0) }, seen);
    }

    [Fact]
    public void Await_foreach_yields_in_completion_order()
    {
        var seen = Run(async () =>
        {
            var list = new List<string>();
            await foreach (var r in Gen.WaitIterator(After(30, "late"), Future.FromResult("done-already"), After(5, "soon")))
            {
                list.Add(r);
            }
            return list;
        });
        Assert.Equal(new[] { "done-already", "soon", "late" }, seen);
    }

    [Fact]
    public void A_failed_future_throws_at_its_step_and_iteration_continues()
    {
        var seen = Run(async () =>
        {
            var failing = new Future<string>();
            Loop.CallLater(TimeSpan.FromMilliseconds(5), () => failing.SetException(new InvalidOperationException("boom")));
            var it = Gen.WaitIterator(failing, After(30, "ok"));
            var list = new List<string>();
            while (!it.Done())
            {
                try
                {
                    list.Add(await it.Next());
                }
                catch (InvalidOperationException e)
                {
                    list.Add($"{e.Message}@{it.CurrentIndex}");
                }
            }
            return list;
        });
        Assert.Equal(new[] { "boom@0", "ok" }, seen);
    }

    [Fact]
    public void Next_after_done_or_while_pending_throws()
    {
        Run(async () =>
        {
            var pending = new Future<int>();
            var it = Gen.WaitIterator(pending);
            var next = it.Next();
            Assert.Throws<InvalidOperationException>(() => it.Next());
            pending.SetResult(7);
            Assert.Equal(7, await Gen.WithTimeout(TimeSpan.FromSeconds(5), next));
            Assert.True(it.Done());
            Assert.Throws<InvalidOperationException>(() => it.Next());
        });
    }

    [Fact]
    public void It_works_through_the_IAsyncEnumerable_interface()
    {
        var seen = Run(async () =>
        {
            IAsyncEnumerable<string> source = Gen.WaitIterator(After(10, "y"), After(1, "x"));
            var list = new List<string>();
            await foreach (var r in source) list.Add(r);
            return list;
        });
        Assert.Equal(new[] { "x", "y" }, seen);
    }
}

public sealed class EpollWaitIteratorTests() : WaitIteratorTests(PollerKind.Epoll);

public sealed class PollWaitIteratorTests() : WaitIteratorTests(PollerKind.Poll);
