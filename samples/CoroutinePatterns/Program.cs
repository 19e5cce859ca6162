using Squall;
using Squall.Samples.CoroutinePatterns;

// One printed demonstration per coroutine pattern of Tornado's user guide, on one IOLoop. Fetches are local
// (timers) until the HTTP client exists; see IFetchSource.
var source = new LocalFetchSource(TimeSpan.FromMilliseconds(20));
const string url = "http://example.test/page";

static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F0} ms";

IOLoop.Current.RunSync(async () =>
{
    Console.WriteLine("Squall coroutine patterns (Tornado's user guide, in C#)");
    Console.WriteLine();

    Console.WriteLine($" 1. callback-style API            callback got \"{await Patterns.CallbackStyle(source, url)}\"");
    Console.WriteLine($" 2. Future + AddDoneCallback      future resolved to \"{await Patterns.AsyncFetchFuture(source, url)}\"");
    try
    {
        await Patterns.AsyncFetchFuture(source, "http://example.test/missing");
    }
    catch (InvalidOperationException e)
    {
        Console.WriteLine($"    ... and a failure arrives through the same future: {e.Message}");
    }
    Console.WriteLine($" 3. yield-style + Gen.Return      Gen.Run gave \"{await Patterns.YieldStyleCoroutine(source, url)}\"");
    Console.WriteLine($" 4. async Future<string>          await gave \"{await Patterns.FetchCoroutine(source, url)}\"");
    Console.WriteLine($" 5. Gen.FromCallback              wrapped callback gave \"{await Patterns.WrappedCallback(source, url)}\"");

    var blocking = await Patterns.BlockingInExecutor(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(10));
    Console.WriteLine($" 6. RunInExecutor                 blocking call returned {blocking.Value} after {Ms(blocking.Elapsed)}; " +
                      $"the loop ticked {blocking.TicksWhileBlocked} times meanwhile (longest gap {Ms(blocking.LongestTickGap)})");

    var urls = new[] { "http://a.test/", "http://b.test/", "http://c.test/" };
    var parallel = await Patterns.ParallelFetch(source, urls);
    Console.WriteLine($" 7. Gen.Multi list + dictionary   [{string.Join(", ", parallel.ByPosition)}]");
    Console.WriteLine($"                                  {{{string.Join(", ", parallel.ByUrl.Select(kv => $"{kv.Key}: {kv.Value}"))}}}");
    Console.WriteLine($"                                  {urls.Length * 2} fetches of {Ms(source.Latency)} each took {Ms(parallel.Elapsed)} in parallel");

    var background = await Patterns.BackgroundLoop(4, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(30));
    Console.WriteLine($" 8. SpawnCallback background loop spawn returned after {background.RunsWhenSpawnReturned} runs; runs started at " +
                      string.Join(", ", background.RunStarts.Select(Ms)));

    var cadence = await Patterns.FixedCadence(5, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(30));
    Console.WriteLine($" 9. fixed cadence (clock first)   5 x (50 ms period, 30 ms work): {Ms(cadence.ClockFirst)} " +
                      $"(sleeping after the work: {Ms(cadence.SleepAfterWork)})");

    var chunks = await Patterns.ConsumeChunks(new[] { "alpha ", "beta ", "gamma ", "delta " }, TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(30));
    Console.WriteLine($"10. holding the next chunk future wrote \"{string.Concat(chunks.Chunks)}\" in {Ms(chunks.HoldingFuture)} " +
                      $"(one at a time: {Ms(chunks.OneAtATime)})");

    var cursor = await Patterns.IterateCursor(source, 5, 2);
    Console.WriteLine($"11. iterator pattern              while (await cursor.FetchNext()): {cursor.WhileLoop.Length} docs in {cursor.Batches} batches; " +
                      $"await foreach: {string.Join(", ", cursor.AwaitForeach)}");
}, TimeSpan.FromSeconds(30));
