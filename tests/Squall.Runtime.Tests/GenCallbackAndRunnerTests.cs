using Microsoft.Extensions.Logging;

namespace Squall.Tests;

public abstract class GenCallbackAndRunnerTests(PollerKind poller) : LoopTestBase(poller)
{
    // A callback-style API (Tornado's `some_function(args, callback=...)`).
    private void AddLater(int a, int b, Action<int> callback) =>
        Loop.CallLater(TimeSpan.FromMilliseconds(2), () => callback(a + b));

    [Fact]
    public void FromCallback_completes_with_the_value_passed_to_the_callback()
    {
        Assert.Equal(5, Run(() => Gen.FromCallback<int>(cb => AddLater(2, 3, cb))));
    }

    [Fact]
    public void FromCallback_delivers_a_value_from_another_thread_on_the_loop_thread()
    {
        var (value, sameThread) = Run(async () =>
        {
            int loopThread = Environment.CurrentManagedThreadId;
            int v = await Gen.FromCallback<int>(cb => ThreadPool.QueueUserWorkItem(_ => cb(42)));
            return (v, Environment.CurrentManagedThreadId == loopThread);
        });
        Assert.Equal(42, value);
        Assert.True(sameThread);
    }

    [Fact]
    public void FromCallback_fails_when_start_throws_and_ignores_a_second_call()
    {
        // On the loop's thread: xUnit may run the test method on another thread than the constructor that made the
        // loop current, and Gen asks IOLoop.Current.
        var failed = OnLoopThread(() => Gen.FromCallback<int>(_ => throw new InvalidOperationException("no")));
        Assert.Equal("no", Assert.IsType<InvalidOperationException>(failed.Exception).Message);

        Run(async () =>
        {
            var f = Gen.FromCallback(done => { done(); done(); });
            await Gen.WithTimeout(TimeSpan.FromSeconds(5), f);
        });
        Assert.Contains(Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("more than once"));
    }

    private static async Future<int> Double(int x)
    {
        await Gen.Sleep(TimeSpan.FromMilliseconds(1));
        return x * 2;
    }

    private static IEnumerable<object?> YieldStyle(int x, List<string> trace)
    {
        trace.Add("start");
        var first = Double(x);
        yield return first;
        trace.Add("after-first");
        var both = new[] { Double(first.Result), Double(1) };
        yield return both;
        var byKey = new Dictionary<string, Future<int>> { ["k"] = Double(10) };
        yield return byKey;
        yield return null;          // one loop iteration
        yield return Gen.Moment;    // one more
        yield return Gen.Return(both[0].Result + both[1].Result + byKey["k"].Result);
        trace.Add("never");
    }

    [Fact]
    public void Run_drives_an_iterator_coroutine_to_its_Gen_Return()
    {
        var trace = new List<string>();
        int result = Run(() => Gen.Run<int>(YieldStyle(3, trace)));
        Assert.Equal(12 + 2 + 20, result);
        Assert.Equal(new[] { "start", "after-first" }, trace);
    }

    [Fact]
    public void Run_starts_the_iterator_at_once_and_continues_through_done_futures_without_a_loop_turn()
    {
        static IEnumerable<object?> AllDone(List<string> trace)
        {
            trace.Add("a");
            yield return Future.FromResult(1);
            trace.Add("b");
            yield return Future.Completed;
            yield return Gen.Return("done");
        }
        var trace = new List<string>();
        var (f, doneAtOnce) = OnLoopThread(() =>
        {
            var run = Gen.Run<string>(AllDone(trace));
            return (run, run.IsDone);
        });
        Assert.True(doneAtOnce);
        Assert.Equal("done", f.Result);
        Assert.Equal(new[] { "a", "b" }, trace);
    }

    [Fact]
    public void A_failed_yielded_future_fails_the_result_and_runs_the_iterators_finally()
    {
        var trace = new List<string>();
        IEnumerable<object?> Failing()
        {
            try
            {
                yield return Gen.Sleep(TimeSpan.FromMilliseconds(1));
                var bad = new Future();
                Loop.CallLater(TimeSpan.FromMilliseconds(1), () => bad.SetException(new InvalidOperationException("yielded failure")));
                yield return bad;
                trace.Add("not reached");
            }
            finally
            {
                trace.Add("finally");
            }
        }
        var e = Assert.Throws<InvalidOperationException>(() => Run(() => Gen.Run(Failing())));
        Assert.Equal("yielded failure", e.Message);
        Assert.Equal(new[] { "finally" }, trace);
    }

    [Fact]
    public void An_exception_thrown_by_the_iterator_fails_the_result()
    {
        static IEnumerable<object?> Throws()
        {
            yield return Gen.Sleep(TimeSpan.FromMilliseconds(1));
            throw new ArgumentException("thrown inside");
        }
        Assert.Equal("thrown inside", Assert.Throws<ArgumentException>(() => Run(() => Gen.Run<int>(Throws()))).Message);
    }

    [Fact]
    public void Bad_yields_and_mistyped_returns_fail_with_a_clear_message()
    {
        static IEnumerable<object?> YieldsString() { yield return "not a future"; }
        static IEnumerable<object?> ReturnsString() { yield return Gen.Return("text"); }
        var bad = OnLoopThread(() => Gen.Run(YieldsString()));
        Assert.Contains("yielded a String", Assert.IsType<BadYieldException>(bad.Exception).Message);
        var mistyped = OnLoopThread(() => Gen.Run<int>(ReturnsString()));
        Assert.Contains("Future<Int32>", Assert.IsType<BadYieldException>(mistyped.Exception).Message);
    }

    [Fact]
    public void An_iterator_without_Gen_Return_gives_default()
    {
        static IEnumerable<Future> NoReturn() { yield return Future.Completed; }
        var f = OnLoopThread(() => Gen.Run<int>(NoReturn()));
        Assert.True(f.IsDone);
        Assert.Equal(0, f.Result);
    }

    [Fact]
    public void Resumes_happen_on_the_loop_thread()
    {
        int loopThread = -1;
        var threads = new List<int>();
        IEnumerable<object?> Body()
        {
            threads.Add(Environment.CurrentManagedThreadId);
            yield return Loop.RunInExecutor(() => 1);
            threads.Add(Environment.CurrentManagedThreadId);
            yield return Gen.Sleep(TimeSpan.FromMilliseconds(1));
            threads.Add(Environment.CurrentManagedThreadId);
        }
        Run(() =>
        {
            loopThread = Environment.CurrentManagedThreadId;
            return Gen.Run(Body());
        });
        Assert.All(threads, t => Assert.Equal(loopThread, t));
        Assert.Equal(3, threads.Count);
    }
}

public sealed class EpollGenCallbackAndRunnerTests() : GenCallbackAndRunnerTests(PollerKind.Epoll);

public sealed class PollGenCallbackAndRunnerTests() : GenCallbackAndRunnerTests(PollerKind.Poll);
