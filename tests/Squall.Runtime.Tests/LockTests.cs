using Semaphore = Squall.Semaphore;

namespace Squall.Tests;

public abstract class LockTests(PollerKind poller) : LoopTestBase(poller)
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(5);

    [Fact]
    public void AsyncLock_serializes_coroutines_in_FIFO_order()
    {
        var trace = Run(async () =>
        {
            var gate = new AsyncLock();
            var log = new List<string>();
            async Future Worker(string name)
            {
                using (await gate.Acquire(Long))
                {
                    log.Add(name + "-in");
                    await Gen.Sleep(TimeSpan.FromMilliseconds(2));
                    log.Add(name + "-out");
                }
            }
            await Gen.Multi(new[] { Worker("a"), Worker("b"), Worker("c") });
            Assert.False(gate.IsLocked);
            return log;
        });
        Assert.Equal(new[] { "a-in", "a-out", "b-in", "b-out", "c-in", "c-out" }, trace);
    }

    [Fact]
    public void AsyncLock_acquire_times_out_and_the_timed_out_waiter_is_skipped()
    {
        Run(async () =>
        {
            var gate = new AsyncLock();
            var held = await gate.Acquire();
            await Assert.ThrowsAsync<TimeoutException>(() => gate.Acquire(Short).AsTask());
            var next = gate.Acquire(Long);
            held.Dispose();
            held.Dispose(); // a second dispose must not release twice
            using (await next) Assert.True(gate.IsLocked);
            Assert.False(gate.IsLocked);
            Assert.Throws<InvalidOperationException>(() => gate.Release());
        });
    }

    [Fact]
    public void Semaphore_admits_value_holders_at_a_time()
    {
        int peak = Run(async () =>
        {
            var sem = new Semaphore(2);
            int inside = 0, max = 0;
            async Future Worker()
            {
                using (await sem.Acquire(Long))
                {
                    max = Math.Max(max, ++inside);
                    await Gen.Sleep(TimeSpan.FromMilliseconds(2));
                    inside--;
                }
            }
            await Gen.Multi(Enumerable.Range(0, 6).Select(_ => Worker()));
            Assert.Equal(2, sem.Value);
            return max;
        });
        Assert.Equal(2, peak);
    }

    [Fact]
    public void Semaphore_release_wakes_the_oldest_waiter_and_plain_semaphore_can_grow()
    {
        var sem = new Semaphore(0);
        var first = sem.Acquire();
        var second = sem.Acquire();
        sem.Release();
        Assert.True(first.IsDone);
        Assert.False(second.IsDone);
        sem.Release();
        sem.Release(); // unbounded: the value may exceed the initial one
        Assert.True(second.IsDone);
        Assert.Equal(1, sem.Value);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Semaphore(-1));
    }

    [Fact]
    public void BoundedSemaphore_over_release_throws()
    {
        var sem = new BoundedSemaphore(1);
        Assert.Throws<SemaphoreFullException>(() => sem.Release());
        var held = sem.Acquire().Result;
        held.Dispose();
        Assert.Equal(1, sem.Value);
        Assert.Throws<SemaphoreFullException>(() => sem.Release());
    }

    [Fact]
    public void Semaphore_acquire_timeout_removes_the_waiter()
    {
        Run(async () =>
        {
            var sem = new Semaphore(0);
            await Assert.ThrowsAsync<TimeoutException>(() => sem.Acquire(Short).AsTask());
            sem.Release();
            Assert.Equal(1, sem.Value); // nobody was woken: the timed-out waiter is gone
        });
    }

    [Fact]
    public void AsyncEvent_wakes_every_waiter_and_clear_blocks_again()
    {
        Run(async () =>
        {
            var ev = new AsyncEvent();
            var a = ev.Wait();
            var b = ev.Wait(Long);
            Assert.False(ev.IsSet);
            Loop.CallLater(TimeSpan.FromMilliseconds(2), ev.Set);
            await Gen.WithTimeout(Long, Gen.Multi(new[] { a, b }));
            Assert.True(ev.IsSet);
            Assert.True(ev.Wait().IsDone);
            ev.Clear();
            await Assert.ThrowsAsync<TimeoutException>(() => ev.Wait(Short).AsTask());
        });
    }

    [Fact]
    public void Condition_notify_wakes_n_waiters_in_order_and_timeouts_give_false()
    {
        Run(async () =>
        {
            var cond = new Condition();
            var order = new List<int>();
            var waits = Enumerable.Range(0, 4).Select(i => Note(cond.Wait(Long), i, order)).ToArray();
            Assert.Equal(4, cond.WaiterCount);
            cond.Notify(2);
            await Gen.WithTimeout(Long, Gen.Multi(waits.Take(2)));
            Assert.Equal(new[] { 0, 1 }, order);
            Assert.False(waits[2].IsDone);
            cond.NotifyAll();
            await Gen.WithTimeout(Long, Gen.Multi(waits));
            Assert.Equal(new[] { 0, 1, 2, 3 }, order);

            Assert.False(await cond.Wait(Short));
            Assert.Equal(0, cond.WaiterCount);
        });
    }

    private static async Future<bool> Note(Future<bool> wait, int i, List<int> order)
    {
        bool notified = await wait;
        order.Add(i);
        return notified;
    }
}

public sealed class EpollLockTests() : LockTests(PollerKind.Epoll);

public sealed class PollLockTests() : LockTests(PollerKind.Poll);
