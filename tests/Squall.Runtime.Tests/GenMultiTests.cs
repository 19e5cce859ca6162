using Microsoft.Extensions.Logging;

namespace Squall.Tests;

// Virtual time: the children sleep on a manual clock that jumps to the next timer, so "the 5 ms sleep ends before the
// 30 ms one" holds exactly, however long the machine pauses the test between starting the two.
public abstract class GenMultiTests(PollerKind poller) : LoopTestBase(poller, clock: new ManualClock(), jumpToTimers: true)
{
    private static async Future<T> After<T>(int ms, T value)
    {
        await Gen.Sleep(TimeSpan.FromMilliseconds(ms));
        return value;
    }

    private static async Future<int> FailAfter(int ms, string message)
    {
        await Gen.Sleep(TimeSpan.FromMilliseconds(ms));
        throw new InvalidOperationException(message);
    }

    [Fact]
    public void List_results_come_back_in_input_order_not_completion_order()
    {
        var results = Run(() => Gen.Multi(new[] { After(30, "slow"), After(1, "fast"), After(10, "middle") }));
        Assert.Equal(new[] { "slow", "fast", "middle" }, results);
    }

    [Fact]
    public void The_children_run_in_parallel()
    {
        var trace = new List<string>();
        async Future<int> Child(int i)
        {
            trace.Add("start");
            await Gen.Sleep(TimeSpan.FromMilliseconds(5));
            trace.Add("end");
            return i;
        }
        var results = Run(() => Gen.Multi(Enumerable.Range(0, 5).Select(Child)));
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, results);
        // Every child was waiting at once: all five started before the first one finished.
        Assert.Equal(Enumerable.Repeat("start", 5).Concat(Enumerable.Repeat("end", 5)), trace);
    }

    [Fact]
    public void Dictionary_results_come_back_by_key()
    {
        var results = Run(() => Gen.Multi(new Dictionary<string, Future<int>> { ["a"] = After(20, 1), ["b"] = After(1, 2) }));
        Assert.Equal(2, results.Count);
        Assert.Equal(1, results["a"]);
        Assert.Equal(2, results["b"]);
    }

    [Fact]
    public void Empty_inputs_complete_at_once()
    {
        Assert.True(Gen.Multi(Array.Empty<Future<int>>()).IsDone);
        Assert.Empty(Gen.Multi(Array.Empty<Future<int>>()).Result);
        Assert.Empty(Gen.Multi(new Dictionary<int, Future<int>>()).Result);
        Assert.True(Gen.Multi(Array.Empty<Future>()).IsDone);
    }

    [Fact]
    public void Already_done_children_complete_the_result_synchronously()
    {
        var multi = Gen.Multi(new[] { Future.FromResult(1), Future.FromResult(2) });
        Assert.True(multi.IsDone);
        Assert.Equal(new[] { 1, 2 }, multi.Result);
    }

    [Fact]
    public void The_first_failure_is_raised_and_the_others_are_logged()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            Run(() => Gen.Multi(new[] { FailAfter(20, "first"), After(1, 0), FailAfter(1, "second") })));
        Assert.Equal("first", e.Message);
        var logged = Log.Entries.Where(x => x.Level == LogLevel.Error).ToArray();
        Assert.Single(logged);
        Assert.Equal("second", logged[0].Exception?.Message);
    }

    [Fact]
    public void Non_generic_multi_waits_for_all_and_raises_a_failure()
    {
        var order = new List<int>();
        Run(async () =>
        {
            async Future Note(int ms)
            {
                await Gen.Sleep(TimeSpan.FromMilliseconds(ms));
                order.Add(ms);
            }
            await Gen.Multi(new[] { Note(15), Note(1) });
        });
        Assert.Equal(new[] { 1, 15 }, order);
        Assert.Throws<InvalidOperationException>(() => Run(() => Gen.Multi(new Future[] { FailAfter(1, "x"), Gen.Sleep(TimeSpan.FromMilliseconds(1)) })));
    }
}

public sealed class EpollGenMultiTests() : GenMultiTests(PollerKind.Epoll);

public sealed class PollGenMultiTests() : GenMultiTests(PollerKind.Poll);
