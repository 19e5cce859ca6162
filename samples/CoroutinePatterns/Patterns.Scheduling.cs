namespace Squall.Samples.CoroutinePatterns;

public static partial class Patterns
{
    // ---- 6. A blocking function through RunInExecutor -----------------------------------------------------------

    /// <summary>What <c>BlockingInExecutor</c> observed.</summary>
    public sealed record BlockingResult(long Value, int TicksWhileBlocked, TimeSpan LongestTickGap, TimeSpan Elapsed);

    /// <summary>A function that blocks its thread for <paramref name="duration"/> (a stand-in for a blocking library call).</summary>
    public static long BlockingFunction(TimeSpan duration)
    {
        Thread.Sleep(duration);
        return 42;
    }

    /// <summary>
    /// Pattern 6: runs <see cref="BlockingFunction"/> on the thread pool with <see cref="IOLoop.RunInExecutor{T}"/>
    /// (Tornado's <c>thread_pool.submit</c>) while a <see cref="PeriodicCallback"/> ticks every <paramref name="tick"/>:
    /// the ticks keep coming, which shows the loop was not blocked.
    /// </summary>
    public static Future<BlockingResult> BlockingInExecutor(TimeSpan work, TimeSpan tick) =>
        BlockingInExecutor(() => BlockingFunction(work), tick);

    /// <summary>
    /// Pattern 6 with any blocking function; <paramref name="onTick"/> runs on each tick (tests use it to let the
    /// blocking function wait for ticks, which only a free loop can deliver).
    /// </summary>
    public static async Future<BlockingResult> BlockingInExecutor(Func<long> blocking, TimeSpan tick, Action? onTick = null)
    {
        var loop = IOLoop.Current;
        int ticks = 0;
        long start = Now(), last = start, longestGap = 0;
        var ticker = new PeriodicCallback(() =>
        {
            long now = Now();
            longestGap = Math.Max(longestGap, now - last);
            last = now;
            ticks++;
            onTick?.Invoke();
        }, tick);
        ticker.Start();
        long value = await loop.RunInExecutor(blocking);
        ticker.Stop();
        var gap = TimeSpan.FromSeconds(Math.Max(longestGap, Now() - last) / (double)System.Diagnostics.Stopwatch.Frequency);
        return new BlockingResult(value, ticks, gap, Elapsed(start));
    }

    // ---- 8. A background loop started with SpawnCallback ---------------------------------------------------------

    /// <summary>What <see cref="BackgroundLoop"/> observed.</summary>
    public sealed record BackgroundResult(int RunsWhenSpawnReturned, TimeSpan[] RunStarts);

    /// <summary>
    /// Pattern 8: a "minute loop" that does its work, then sleeps <paramref name="pause"/>, started with
    /// <see cref="IOLoop.SpawnCallback"/> (Tornado's <c>minute_loop</c>); the caller goes on at once. It stops after
    /// <paramref name="runs"/> runs so the demonstration ends.
    /// </summary>
    public static async Future<BackgroundResult> BackgroundLoop(int runs, TimeSpan work, TimeSpan pause)
    {
        var starts = new List<TimeSpan>();
        var finished = new AsyncEvent();
        long start = Now();

        async Future MinuteLoop()
        {
            while (starts.Count < runs)
            {
                starts.Add(Elapsed(start));
                await DoSomething(work);
                await Gen.Sleep(pause);
            }
            finished.Set();
        }

        IOLoop.Current.SpawnCallback(MinuteLoop);
        int runsWhenSpawnReturned = starts.Count;
        await finished.Wait(TimeSpan.FromSeconds(10));
        return new BackgroundResult(runsWhenSpawnReturned, starts.ToArray());
    }

    // ---- 9. A fixed-cadence loop: start the clock before the work ------------------------------------------------

    /// <summary>What <see cref="FixedCadence"/> observed.</summary>
    public sealed record CadenceResult(TimeSpan ClockFirst, TimeSpan SleepAfterWork);

    /// <summary>
    /// Pattern 9: runs <paramref name="periods"/> rounds of <paramref name="work"/>, once starting the sleep before the
    /// work (Tornado's <c>minute_loop2</c>: <c>nxt = gen.sleep(60); yield do_something(); yield nxt</c>), so each round
    /// takes max(period, work); and once sleeping after the work, so each round takes period + work.
    /// </summary>
    public static async Future<CadenceResult> FixedCadence(int periods, TimeSpan period, TimeSpan work)
    {
        long start = Now();
        for (int i = 0; i < periods; i++)
        {
            var next = Gen.Sleep(period);   // start the clock
            await DoSomething(work);        // run while the clock is ticking
            await next;                     // wait for the timer to run out
        }
        var clockFirst = Elapsed(start);

        start = Now();
        for (int i = 0; i < periods; i++)
        {
            await DoSomething(work);
            await Gen.Sleep(period);
        }
        return new CadenceResult(clockFirst, Elapsed(start));
    }

    /// <summary>Asynchronous work that takes <paramref name="duration"/> without blocking the loop.</summary>
    public static Future DoSomething(TimeSpan duration) => Gen.Sleep(duration);

    // ---- 10. Holding a future while consuming chunks -------------------------------------------------------------

    /// <summary>What <c>ConsumeChunks</c> observed.</summary>
    public sealed record ChunkResult(string[] Chunks, TimeSpan HoldingFuture, TimeSpan OneAtATime);

    /// <summary>
    /// Pattern 10: copies a chunked stream to a slow sink (each write+flush takes <paramref name="flush"/>). Holding the
    /// next chunk's future while the current one is flushed (Tornado's <c>fetch_future = self.fetch_next_chunk()</c>
    /// before <c>yield self.flush()</c>) overlaps fetching and flushing; asking only after each flush does not.
    /// </summary>
    public static Future<ChunkResult> ConsumeChunks(IReadOnlyList<string> chunks, TimeSpan latency, TimeSpan flush) =>
        ConsumeChunks(() => new ChunkProducer(chunks, latency), flush);

    /// <summary>Pattern 10 over any chunk source (<paramref name="open"/> is called once per variant), e.g. chunks fetched over HTTP.</summary>
    public static Future<ChunkResult> ConsumeChunks(Func<IChunkSource> open, TimeSpan flush) =>
        ConsumeChunks(open, _ => Gen.Sleep(flush));

    /// <summary>
    /// Pattern 10 over any chunk source and any sink: <paramref name="flush"/> writes and flushes one chunk and
    /// completes when the sink took it. Holding variant first, then one at a time, each on a fresh source.
    /// </summary>
    public static async Future<ChunkResult> ConsumeChunks(Func<IChunkSource> open, Func<string, Future> flush)
    {
        var written = new List<string>();
        long start = Now();
        var producer = open();
        var fetchFuture = producer.FetchNextChunk();
        while (true)
        {
            string? chunk = await fetchFuture;
            if (chunk is null) break;
            written.Add(chunk);                       // self.write(chunk)
            fetchFuture = producer.FetchNextChunk();  // ask for the next one now...
            await flush(chunk);                       // ...while this one is flushed
        }
        var holding = Elapsed(start);

        start = Now();
        var slowProducer = open();
        while (await slowProducer.FetchNextChunk() is { } chunk)
        {
            await flush(chunk);
        }
        return new ChunkResult(written.ToArray(), holding, Elapsed(start));
    }
}
