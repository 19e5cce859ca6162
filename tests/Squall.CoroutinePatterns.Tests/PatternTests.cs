using Squall.Samples.CoroutinePatterns;
using Squall.TestSupport;

namespace Squall.CoroutinePatterns.Tests;

/// <summary>
/// One test per pattern of the sample, asserting its real behaviour on a fresh loop. No test measures the machine's
/// time (it is shared): overlap is shown by events (gated sources, ticks awaited by the blocked function, traces of
/// what was in flight together), and the patterns whose subject is time (8, 9) run on virtual time, where a duration
/// made of timers is exact.
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
        // Each run is 10 ms of work then a 30 ms pause: on virtual time the runs start exactly 40 ms apart.
        var r = RunOnVirtualTime(() => Patterns.BackgroundLoop(4, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(30)));
        Assert.Equal(0, r.RunsWhenSpawnReturned);
        Assert.Equal(new[] { 0.0, 40, 80, 120 }, r.RunStarts.Select(t => Math.Round(t.TotalMilliseconds, 6)));
    }

    [Fact]
    public void P9_starting_the_clock_first_keeps_the_cadence()
    {
        // Clock first: each round takes max(period, work) = 50 ms; sleeping after the work: period + work = 80 ms.
        var r = RunOnVirtualTime(() => Patterns.FixedCadence(5, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(30)));
        Assert.Equal(250, r.ClockFirst.TotalMilliseconds, 6);
        Assert.Equal(400, r.SleepAfterWork.TotalMilliseconds, 6);
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a loop of its own whose clock jumps to the next timer instead of sleeping
    /// (<see cref="ManualClock.JumpToTimersOf"/>): a duration made of timers comes out exact whatever the machine's load.
    /// </summary>
    private T RunOnVirtualTime<T>(Func<Future<T>> body)
    {
        var clock = new ManualClock();
        using var loop = new IOLoop(new IOLoopOptions { Clock = () => clock.Now });
        clock.JumpToTimersOf(loop);
        loop.MakeCurrent();
        try
        {
            // The loop's own timeout would run on virtual time: the hang guard runs on real time and stops the loop.
            using var guard = new Timer(_ => loop.Stop(), null, Timeout, System.Threading.Timeout.InfiniteTimeSpan);
            return loop.RunSync(body);
        }
        finally
        {
            _loop.MakeCurrent();
        }
    }

    [Fact]
    public void P10_holding_the_next_chunk_future_overlaps_fetching_and_flushing()
    {
        // Asserted on the order of events, not on durations: every fetch and every flush takes one loop turn, and the
        // trace says which were in flight together. Holding the future, the fetch of chunk i+1 starts before the flush
        // of chunk i ends and ends after it started (the two overlap); one at a time, it starts only after that flush.
        var chunks = new[] { "a", "b", "c", "d", "e" };
        var trace = new List<string>();
        int opened = 0;
        var r = Run(() => Patterns.ConsumeChunks(
            () => new TracingChunkSource(chunks, ++opened == 1 ? "holding" : "one-at-a-time", trace),
            async chunk =>
            {
                trace.Add($"flush {chunk} start");
                await Gen.Moment;
                trace.Add($"flush {chunk} end");
            }));
        Assert.Equal(chunks, r.Chunks);
        Assert.Equal(2, opened);
        int split = trace.IndexOf("open one-at-a-time");
        var holding = trace.Take(split).ToList();
        var oneAtATime = trace.Skip(split).ToList();
        for (int i = 0; i + 1 < chunks.Length; i++)
        {
            string fetchStart = $"fetch {i + 1} start", fetchEnd = $"fetch {i + 1} end";
            string flushStart = $"flush {chunks[i]} start", flushEnd = $"flush {chunks[i]} end";
            Assert.True(holding.IndexOf(fetchStart) < holding.IndexOf(flushEnd) && holding.IndexOf(flushStart) < holding.IndexOf(fetchEnd),
                $"holding: fetch {i + 1} and flush {chunks[i]} did not overlap: {string.Join(" | ", holding)}");
            Assert.True(oneAtATime.IndexOf(fetchStart) > oneAtATime.IndexOf(flushEnd),
                $"one at a time: fetch {i + 1} started before flush {chunks[i]} ended: {string.Join(" | ", oneAtATime)}");
        }
        // Each variant fetched every chunk and the end of the stream, and flushed every chunk once.
        foreach (var part in new[] { holding, oneAtATime })
        {
            Assert.Equal(chunks.Length + 1, part.Count(e => e.StartsWith("fetch ", StringComparison.Ordinal) && e.EndsWith(" end", StringComparison.Ordinal)));
            Assert.Equal(chunks.Select(c => $"flush {c} end"), part.Where(e => e.StartsWith("flush ", StringComparison.Ordinal) && e.EndsWith(" end", StringComparison.Ordinal)));
        }
    }

    /// <summary>Hands out <c>chunks</c>, each fetch taking one loop turn, and traces when each fetch starts and ends.</summary>
    private sealed class TracingChunkSource : IChunkSource
    {
        private readonly string[] _chunks;
        private readonly List<string> _trace;
        private int _next;

        public TracingChunkSource(string[] chunks, string variant, List<string> trace)
        {
            _chunks = chunks;
            _trace = trace;
            trace.Add("open " + variant);
        }

        public async Future<string?> FetchNextChunk()
        {
            int i = _next++;
            _trace.Add($"fetch {i} start");
            await Gen.Moment;
            _trace.Add($"fetch {i} end");
            return i < _chunks.Length ? _chunks[i] : null;
        }
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
