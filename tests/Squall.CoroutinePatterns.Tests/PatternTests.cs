using Squall.Samples.CoroutinePatterns;

namespace Squall.CoroutinePatterns.Tests;

/// <summary>
/// One test per pattern of the sample, asserting its real behaviour on a fresh loop. No test asserts an upper bound
/// on time (the machine is shared): overlap is shown by events (gated sources, ticks awaited by the blocked
/// function), and the only timings asserted are lower bounds, which a timer that never fires early guarantees.
/// </summary>
public sealed class PatternTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private const string Url = "http://example.test/page";
    private const string Body = "body of http://example.test/page";

    private readonly IOLoop _loop = new();
    private readonly LocalFetchSource _source = new(TimeSpan.FromMilliseconds(10));

    public PatternTests() => _loop.MakeCurrent();

    public void Dispose() => _loop.Dispose();

    private T Run<T>(Func<Future<T>> body) => _loop.RunSync(body, Timeout);

    [Fact]
    public void P1_the_callback_receives_the_body()
    {
        Assert.Equal(Body, Run(() => Patterns.CallbackStyle(_source, Url)));
    }

    [Fact]
    public void P2_the_placeholder_future_carries_the_result_and_the_failure()
    {
        Assert.Equal(Body, Run(() => Patterns.AsyncFetchFuture(_source, Url)));
        var e = Assert.Throws<InvalidOperationException>(() => Run(() => Patterns.AsyncFetchFuture(_source, "http://x.test/missing")));
        Assert.Contains("404", e.Message);
    }

    [Fact]
    public void P3_the_yield_style_coroutine_returns_through_Gen_Return()
    {
        Assert.Equal(Body, Run(() => Patterns.YieldStyleCoroutine(_source, Url)));
        Assert.Equal(1, _source.FetchCount);
    }

    [Fact]
    public void P4_the_async_coroutine_returns_the_body()
    {
        Assert.Equal(Body, Run(() => Patterns.FetchCoroutine(_source, Url)));
    }

    [Fact]
    public void P5_FromCallback_turns_the_callback_api_into_a_future()
    {
        Assert.Equal(Body, Run(() => Patterns.WrappedCallback(_source, Url)));
    }

    [Fact]
    public void P6_the_loop_keeps_ticking_while_the_blocking_function_runs_in_the_executor()
    {
        // The blocking function returns only after the loop has ticked three times while it blocks: a loop stuck behind
        // it could deliver no tick, and the function would give up (returning -1) after a generous wait.
        using var ticked = new SemaphoreSlim(0);
        long Blocking()
        {
            for (int i = 0; i < 3; i++)
            {
                if (!ticked.Wait(Timeout)) return -1;
            }
            return 42;
        }
        var r = Run(() => Patterns.BlockingInExecutor(Blocking, TimeSpan.FromMilliseconds(10), () => ticked.Release()));
        Assert.Equal(42, r.Value);
        Assert.True(r.TicksWhileBlocked >= 3, $"only {r.TicksWhileBlocked} ticks");
    }

    /// <summary>
    /// A fetch source whose answers wait until <paramref name="gate"/> fetches are in flight at once: only callers that
    /// start their fetches together ever get an answer (one-at-a-time callers would wait for the timeout).
    /// </summary>
    private sealed class GatedFetchSource(int gate) : IFetchSource
    {
        private readonly List<(string Url, Future<string> Response)> _waiting = new();

        public int MostInFlight { get; private set; }

        public Future<string> Fetch(string url)
        {
            var response = new Future<string>();
            _waiting.Add((url, response));
            MostInFlight = Math.Max(MostInFlight, _waiting.Count);
            if (_waiting.Count == gate)
            {
                foreach (var (u, f) in _waiting) IOLoop.Current.AddCallback(() => f.SetResult("body of " + u));
                _waiting.Clear();
            }
            return response;
        }
    }

    [Fact]
    public void P7_list_and_dictionary_waits_run_in_parallel()
    {
        var urls = new[] { "http://a.test/", "http://b.test/", "http://c.test/" };
        var source = new GatedFetchSource(gate: 6);
        var r = Run(() => Patterns.ParallelFetch(source, urls));
        Assert.Equal(urls.Select(u => "body of " + u), r.ByPosition);
        Assert.Equal(urls.Length, r.ByUrl.Count);
        Assert.All(urls, u => Assert.Equal("body of " + u, r.ByUrl[u]));
        Assert.Equal(6, source.MostInFlight); // all six fetches were in flight together
    }

    [Fact]
    public void P8_the_spawned_loop_runs_in_the_background_and_sleeps_between_runs()
    {
        var r = Run(() => Patterns.BackgroundLoop(4, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(30)));
        Assert.Equal(0, r.RunsWhenSpawnReturned);
        Assert.Equal(4, r.RunStarts.Length);
        for (int i = 1; i < r.RunStarts.Length; i++)
        {
            var interval = r.RunStarts[i] - r.RunStarts[i - 1];
            Assert.True(interval >= TimeSpan.FromMilliseconds(39), $"run {i} came {interval} after the previous one");
        }
    }

    [Fact]
    public void P9_starting_the_clock_first_keeps_the_cadence()
    {
        var r = Run(() => Patterns.FixedCadence(5, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(30)));
        // Timers never fire early, so these lower bounds hold on any machine: every clock-first round waits out its
        // period (5 x 50 ms), every sleep-after-work round waits period + work (5 x 80 ms).
        Assert.True(r.ClockFirst >= TimeSpan.FromMilliseconds(245), $"clock-first took {r.ClockFirst}");
        Assert.True(r.SleepAfterWork >= TimeSpan.FromMilliseconds(395), $"sleep-after-work took {r.SleepAfterWork}");
    }

    [Fact]
    public void P10_holding_the_next_chunk_future_overlaps_fetching_and_flushing()
    {
        var chunks = new[] { "a", "b", "c", "d", "e" };
        var r = Run(() => Patterns.ConsumeChunks(chunks, TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(40)));
        Assert.Equal(chunks, r.Chunks);
        // Lower bound (timers never fire early): one at a time waits 5 x (40 + 40) ms.
        Assert.True(r.OneAtATime >= TimeSpan.FromMilliseconds(395), $"one at a time took {r.OneAtATime}");
        // The overlap itself is a comparison of two runs on the same loop (~240 ms against ~400 ms): load slows both.
        Assert.True(r.HoldingFuture < r.OneAtATime, $"holding {r.HoldingFuture} vs {r.OneAtATime}");
    }

    [Fact]
    public void P11_the_cursor_yields_every_document_in_batches_both_ways()
    {
        var r = Run(() => Patterns.IterateCursor(_source, 5, 2));
        var expected = Enumerable.Range(0, 5).Select(i => $"body of db://users/{i}").ToArray();
        Assert.Equal(expected, r.WhileLoop);
        Assert.Equal(expected, r.AwaitForeach);
        Assert.Equal(3, r.Batches);
    }
}
