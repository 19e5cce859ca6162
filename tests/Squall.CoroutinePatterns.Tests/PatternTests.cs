using Squall.Samples.CoroutinePatterns;

namespace Squall.CoroutinePatterns.Tests;

/// <summary>
/// One test per pattern of the sample, asserting its real behaviour on a fresh loop. Timing bounds are generous:
/// the machine is shared, so they tell "overlapped" from "sequential", not exact figures.
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

    /// <summary>
    /// Runs a timing assertion up to three times. Load from other test assemblies running in parallel can only make a
    /// pattern slower, never faster than its schedule allows, so one passing attempt shows the behaviour; three
    /// failing attempts are a real regression.
    /// </summary>
    private static void WithinThreeAttempts(Action attempt)
    {
        for (int i = 1; ; i++)
        {
            try
            {
                attempt();
                return;
            }
            catch (Xunit.Sdk.XunitException) when (i < 3)
            {
            }
        }
    }

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
        WithinThreeAttempts(() =>
        {
            var r = Run(() => Patterns.BlockingInExecutor(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(10)));
            Assert.Equal(42, r.Value);
            Assert.True(r.Elapsed >= TimeSpan.FromMilliseconds(195), $"elapsed {r.Elapsed}");
            // ~20 ticks if the loop was free; a blocked loop would give 0 or 1.
            Assert.True(r.TicksWhileBlocked >= 8, $"only {r.TicksWhileBlocked} ticks");
            Assert.True(r.LongestTickGap < TimeSpan.FromMilliseconds(120), $"longest gap {r.LongestTickGap}");
        });
    }

    [Fact]
    public void P7_list_and_dictionary_waits_run_in_parallel()
    {
        WithinThreeAttempts(() =>
        {
            var urls = new[] { "http://a.test/", "http://b.test/", "http://c.test/" };
            var source = new LocalFetchSource(TimeSpan.FromMilliseconds(60));
            var r = Run(() => Patterns.ParallelFetch(source, urls));
            Assert.Equal(urls.Select(u => "body of " + u), r.ByPosition);
            Assert.Equal(urls.Length, r.ByUrl.Count);
            Assert.All(urls, u => Assert.Equal("body of " + u, r.ByUrl[u]));
            Assert.Equal(6, source.FetchCount);
            // Six 60 ms fetches one after the other would take 360 ms.
            Assert.True(r.Elapsed < TimeSpan.FromMilliseconds(250), $"elapsed {r.Elapsed}");
        });
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
        WithinThreeAttempts(() =>
        {
            var r = Run(() => Patterns.FixedCadence(5, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(30)));
            Assert.InRange(r.ClockFirst.TotalMilliseconds, 230, 340);
            Assert.True(r.SleepAfterWork >= TimeSpan.FromMilliseconds(395), $"sleep-after-work took {r.SleepAfterWork}");
        });
    }

    [Fact]
    public void P10_holding_the_next_chunk_future_overlaps_fetching_and_flushing()
    {
        WithinThreeAttempts(() =>
        {
            var chunks = new[] { "a", "b", "c", "d", "e" };
            var r = Run(() => Patterns.ConsumeChunks(chunks, TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(40)));
            Assert.Equal(chunks, r.Chunks);
            // Overlapped: ~5 x 40 + 40 = 240 ms; one at a time: 5 x 80 = 400 ms.
            Assert.True(r.OneAtATime >= TimeSpan.FromMilliseconds(395), $"one at a time took {r.OneAtATime}");
            Assert.True(r.HoldingFuture < r.OneAtATime - TimeSpan.FromMilliseconds(80), $"holding {r.HoldingFuture} vs {r.OneAtATime}");
        });
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
