namespace Squall.Tests;

public abstract class QueueTests(PollerKind poller) : LoopTestBase(poller)
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(5);

    [Fact]
    public void Items_come_out_first_in_first_out()
    {
        var q = new AsyncQueue<int>();
        q.PutNowait(1);
        q.PutNowait(2);
        Assert.True(q.Put(3).IsDone);
        Assert.Equal(3, q.Count);
        Assert.Equal(new[] { 1, 2, 3 }, new[] { q.GetNowait(), q.GetNowait(), q.Get().Result });
        Assert.True(q.IsEmpty);
        Assert.Throws<QueueEmptyException>(() => q.GetNowait());
    }

    [Fact]
    public void Get_waits_for_a_put_and_getters_are_served_in_order()
    {
        var got = Run(async () =>
        {
            var q = new AsyncQueue<string>();
            var first = q.Get();
            var second = q.Get();
            Assert.False(first.IsDone);
            Loop.CallLater(TimeSpan.FromMilliseconds(2), () => { q.PutNowait("a"); q.PutNowait("b"); });
            return (await Gen.WithTimeout(Long, first), await Gen.WithTimeout(Long, second));
        });
        Assert.Equal(("a", "b"), got);
    }

    [Fact]
    public void Put_waits_while_full_and_PutNowait_throws()
    {
        Run(async () =>
        {
            var q = new AsyncQueue<int>(maxSize: 1);
            Assert.Equal(1, q.MaxSize);
            q.PutNowait(1);
            Assert.True(q.IsFull);
            Assert.Throws<QueueFullException>(() => q.PutNowait(2));
            var put = q.Put(2);
            Assert.False(put.IsDone);
            Assert.Equal(1, q.GetNowait()); // room made: the waiting put's item moves in
            await Gen.WithTimeout(Long, put);
            Assert.Equal(2, await q.Get());
        });
    }

    [Fact]
    public void Get_with_a_timeout_throws_and_the_waiter_is_removed()
    {
        Run(async () =>
        {
            var q = new AsyncQueue<int>();
            var timedOut = q.Get(Short);
            await Assert.ThrowsAsync<TimeoutException>(() => Gen.WithTimeout(Long, timedOut).AsTask());
            q.PutNowait(7); // must not be swallowed by the timed-out getter
            Assert.Equal(1, q.Count);
            Assert.Equal(7, await q.Get(Long));
        });
    }

    [Fact]
    public void Put_with_a_timeout_throws_and_its_item_is_not_added()
    {
        Run(async () =>
        {
            var q = new AsyncQueue<int>(1);
            q.PutNowait(1);
            await Assert.ThrowsAsync<TimeoutException>(() => q.Put(2, Short).AsTask());
            Assert.Equal(1, q.GetNowait());
            Assert.True(q.IsEmpty);
        });
    }

    [Fact]
    public void A_cancelled_getter_is_skipped()
    {
        var q = new AsyncQueue<int>();
        var cancelled = q.Get();
        var live = q.Get();
        cancelled.Cancel();
        q.PutNowait(5);
        Assert.True(live.IsDone);
        Assert.Equal(5, live.Result);
    }

    [Fact]
    public void Join_completes_when_every_item_is_marked_done()
    {
        Run(async () =>
        {
            var q = new AsyncQueue<int>();
            Assert.True(q.Join().IsDone);
            q.PutNowait(1);
            q.PutNowait(2);
            var join = q.Join();
            Assert.False(join.IsDone);
            await q.Get();
            q.TaskDone();
            Assert.False(join.IsDone);
            await q.Get();
            q.TaskDone();
            await Gen.WithTimeout(Long, join);
            Assert.Throws<InvalidOperationException>(() => q.TaskDone());
            q.PutNowait(3);
            await Assert.ThrowsAsync<TimeoutException>(() => q.Join(Short).AsTask());
        });
    }

    [Fact]
    public void Producer_and_consumer_coroutines_pass_every_item_through_a_bounded_queue()
    {
        var consumed = Run(async () =>
        {
            var q = new AsyncQueue<int>(maxSize: 2);
            var seen = new List<int>();
            async Future Consumer()
            {
                await foreach (var item in q)
                {
                    seen.Add(item);
                    q.TaskDone();
                    if (item == 99) break;
                }
            }
            var consumer = Consumer();
            for (int i = 0; i < 100; i++) await q.Put(i, Long);
            await q.Join(Long);
            await Gen.WithTimeout(Long, consumer);
            return seen;
        });
        Assert.Equal(Enumerable.Range(0, 100), consumed);
    }

    [Fact]
    public void The_queue_works_through_the_IAsyncEnumerable_interface()
    {
        var got = Run(async () =>
        {
            var q = new AsyncQueue<int>();
            Loop.CallLater(TimeSpan.FromMilliseconds(2), () => { q.PutNowait(1); q.PutNowait(2); });
            IAsyncEnumerable<int> items = q;
            var list = new List<int>();
            await foreach (var item in items)
            {
                list.Add(item);
                if (list.Count == 2) break;
            }
            return list;
        });
        Assert.Equal(new[] { 1, 2 }, got);
    }

    [Fact]
    public void LifoQueue_gives_the_newest_item_first()
    {
        var q = new LifoQueue<int>();
        foreach (var i in new[] { 1, 2, 3 }) q.PutNowait(i);
        Assert.Equal(new[] { 3, 2, 1 }, new[] { q.GetNowait(), q.GetNowait(), q.GetNowait() });
    }

    [Fact]
    public void PriorityQueue_gives_the_lowest_first_and_keeps_put_order_among_equals()
    {
        var q = new PriorityQueue<(int Priority, string Name)>(comparer: Comparer<(int Priority, string Name)>.Create((a, b) => a.Priority.CompareTo(b.Priority)));
        q.PutNowait((2, "x"));
        q.PutNowait((0, "high"));
        q.PutNowait((2, "y"));
        q.PutNowait((1, "medium"));
        Assert.Equal(new[] { "high", "medium", "x", "y" }, Enumerable.Range(0, 4).Select(_ => q.GetNowait().Name));

        var plain = new PriorityQueue<int>(maxSize: 3);
        plain.PutNowait(3);
        plain.PutNowait(1);
        Assert.Equal(1, plain.GetNowait());
    }

    [Fact]
    public void A_waiting_getter_of_a_priority_queue_gets_the_item_put()
    {
        Run(async () =>
        {
            var q = new PriorityQueue<int>();
            var get = q.Get(Long);
            q.PutNowait(9);
            Assert.Equal(9, await get);
            Assert.True(q.IsEmpty);
        });
    }
}

public sealed class EpollQueueTests() : QueueTests(PollerKind.Epoll);

public sealed class PollQueueTests() : QueueTests(PollerKind.Poll);
