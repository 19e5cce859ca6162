using System.Runtime.CompilerServices;

namespace Squall.Tests;

public abstract class FutureTests(PollerKind poller) : LoopTestBase(poller)
{
    [Fact]
    public void Awaiting_a_completed_future_does_not_suspend()
    {
        var order = Run(async () =>
        {
            var seen = new List<string>();
            Loop.AddCallback(() => seen.Add("callback"));
            await Future.Completed;
            await Future.FromResult(1);
            seen.Add("after-await");
            await Gen.Moment;
            return seen;
        });
        Assert.Equal(new[] { "after-await", "callback" }, order);
    }

    [Fact]
    public void A_coroutine_resumes_on_the_loop_thread()
    {
        Run(async () =>
        {
            int loopThread = Environment.CurrentManagedThreadId;
            await Gen.Sleep(TimeSpan.FromMilliseconds(1));
            Assert.Equal(loopThread, Environment.CurrentManagedThreadId);
            await Task.Delay(5); // a plain Task: comes back through the loop's SynchronizationContext
            Assert.Equal(loopThread, Environment.CurrentManagedThreadId);
            await Task.Run(() => Thread.Sleep(1));
            Assert.Equal(loopThread, Environment.CurrentManagedThreadId);
        });
    }

    [Fact]
    public void Future_of_T_returns_its_result_through_nested_coroutines()
    {
        static async Future<int> Inner(int x)
        {
            await Gen.Moment;
            return x * 2;
        }
        static async Future<int> Outer()
        {
            int a = await Inner(5);
            int b = await Inner(a);
            return a + b;
        }
        Assert.Equal(30, Run(Outer));
    }

    [Fact]
    public void Exceptions_keep_their_original_stack_trace()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Run(async () =>
        {
            await Gen.Moment;
            await ThrowDeep();
        }));
        Assert.Contains(nameof(ThrowDeep), e.StackTrace);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Future ThrowDeep()
    {
        await Gen.Moment;
        throw new InvalidOperationException("deep");
    }

    [Fact]
    public void Done_callbacks_are_scheduled_never_run_inside_SetResult()
    {
        Run(async () =>
        {
            var f = new Future<int>();
            var calls = new List<string>();
            f.AddDoneCallback(x => calls.Add("cb:" + ((Future<int>)x).Result));
            f.SetResult(7);
            calls.Add("after-set");
            await Gen.Moment;
            Assert.Equal(new[] { "after-set", "cb:7" }, calls);
            // A callback added after completion is scheduled too.
            f.AddDoneCallback(_ => calls.Add("late"));
            Assert.DoesNotContain("late", calls);
            await Gen.Moment;
            Assert.Contains("late", calls);
        });
    }

    [Fact]
    public void SetResult_twice_throws_and_result_before_done_throws()
    {
        var f = new Future<int>();
        Assert.Throws<InvalidOperationException>(() => f.Result);
        f.SetResult(1);
        Assert.Throws<InvalidOperationException>(() => f.SetResult(2));
        Assert.False(f.TrySetResult(3));
        Assert.Equal(1, f.Result);
    }

    [Fact]
    public void Cancel_makes_awaiters_throw_OperationCanceledException()
    {
        Run(async () =>
        {
            var f = new Future<int>();
            Loop.AddCallback(() => f.Cancel());
            await Assert.ThrowsAsync<OperationCanceledException>(async () => await f);
            Assert.True(f.IsCanceled);
            Assert.False(f.Cancel());
        });
    }

    [Fact]
    public void Several_awaiters_all_resume_in_order()
    {
        var seen = Run(async () =>
        {
            var gate = new Future<string>();
            var order = new List<int>();
            async Future Waiter(int n)
            {
                await gate;
                order.Add(n);
            }
            var all = Enumerable.Range(0, 5).Select(Waiter).ToArray();
            Loop.CallLater(TimeSpan.FromMilliseconds(5), () => gate.SetResult("go"));
            foreach (var w in all) await w;
            return order;
        });
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, seen);
    }

    [Fact]
    public void FromTask_and_AsTask_bridge_to_Task()
    {
        var r = Run(async () =>
        {
            int loopThread = Environment.CurrentManagedThreadId;
            int x = await Future.FromTask(Task.Run(() => 21));
            Assert.Equal(loopThread, Environment.CurrentManagedThreadId);
            await Future.FromTask(Task.Delay(1));
            var f = new Future<int>();
            Loop.CallLater(TimeSpan.FromMilliseconds(1), () => f.SetResult(x * 2));
            return await f.AsTask();
        });
        Assert.Equal(42, r);
    }

    [Fact]
    public void FromTask_carries_the_failure()
    {
        Assert.Throws<ArithmeticException>(() => Run(() => Future.FromTask(Task.Run(() => throw new ArithmeticException()))));
    }

    [Fact]
    public void A_synchronously_completing_coroutine_returns_the_cached_completed_future()
    {
        static async Future NoAwait() => await Future.Completed;
        Assert.Same(Future.Completed, NoAwait());
    }

    [Fact]
    public void Coroutines_started_on_a_thread_without_a_loop_still_complete()
    {
        // No loop on a thread-pool thread: continuations fall back to the thread pool.
        var t = Task.Run(async () =>
        {
            static async Future<int> Work()
            {
                await Task.Delay(1);
                return 5;
            }
            return await Work().AsTask();
        });
        Assert.True(t.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal(5, t.Result);
    }

    [Fact]
    public void WithTimeout_throws_TimeoutException_and_passes_results()
    {
        Run(async () =>
        {
            await Assert.ThrowsAsync<TimeoutException>(async () => await Gen.WithTimeout(TimeSpan.FromMilliseconds(10), new Future<int>()));
            Assert.Equal(3, await Gen.WithTimeout(TimeSpan.FromSeconds(5), Future.FromResult(3)));
        });
    }

    [Fact]
    public void AsyncLocal_values_set_inside_a_coroutine_do_not_leak_to_the_caller()
    {
        var local = new AsyncLocal<int>();
        Run(async () =>
        {
            local.Value = 1;
            async Future Set()
            {
                local.Value = 2;
                await Gen.Moment;
            }
            await Set();
            Assert.Equal(1, local.Value);
        });
    }
}

public sealed class EpollFutureTests() : FutureTests(PollerKind.Epoll);

public sealed class PollFutureTests() : FutureTests(PollerKind.Poll);
