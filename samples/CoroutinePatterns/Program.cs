using Squall;
using Squall.Http;
using Squall.Samples.CoroutinePatterns;

// One printed demonstration per coroutine pattern of Tornado's user guide, on one IOLoop. The fetch patterns fetch
// for real: the sample starts an HttpServer on 127.0.0.1 (a free port) and fetches from it with AsyncHttpClient.
// The database cursor of pattern 11 stays on local timers (it stands for a database, not HTTP).

static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F0} ms";

IOLoop.Current.RunSync(async () =>
{
    using var server = new PatternServer(TimeSpan.FromMilliseconds(20));
    var source = new HttpFetchSource();
    var database = new LocalFetchSource(TimeSpan.FromMilliseconds(20));
    string url = server.BaseUrl + "/page";

    Console.WriteLine("Squall coroutine patterns (Tornado's user guide, in C#)");
    Console.WriteLine($"fetching from {server.BaseUrl} (each response takes {Ms(server.Latency)})");
    Console.WriteLine();

    Console.WriteLine($" 1. callback-style API            callback got \"{await Patterns.CallbackStyle(source, url)}\"");
    Console.WriteLine($" 2. Future + AddDoneCallback      future resolved to \"{await Patterns.AsyncFetchFuture(source, url)}\"");
    try
    {
        await Patterns.AsyncFetchFuture(source, server.BaseUrl + "/missing");
    }
    catch (HttpClientError e)
    {
        Console.WriteLine($"    ... and a failure arrives through the same future: {e.Message}");
    }
    Console.WriteLine($" 3. yield-style + Gen.Return      Gen.Run gave \"{await Patterns.YieldStyleCoroutine(source, url)}\"");
    Console.WriteLine($" 4. async Future<string>          await gave \"{await Patterns.FetchCoroutine(source, url)}\"");
    Console.WriteLine($" 5. Gen.FromCallback              wrapped callback gave \"{await Patterns.WrappedCallback(source, url)}\"");

    var blocking = await Patterns.BlockingInExecutor(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(10));
    Console.WriteLine($" 6. RunInExecutor                 blocking call returned {blocking.Value} after {Ms(blocking.Elapsed)}; " +
                      $"the loop ticked {blocking.TicksWhileBlocked} times meanwhile (longest gap {Ms(blocking.LongestTickGap)})");

    var urls = new[] { server.BaseUrl + "/a", server.BaseUrl + "/b", server.BaseUrl + "/c" };
    var parallel = await Patterns.ParallelFetch(source, urls);
    Console.WriteLine($" 7. Gen.Multi list + dictionary   [{string.Join(", ", parallel.ByPosition)}]");
    Console.WriteLine($"                                  {{{string.Join(", ", parallel.ByUrl.Select(kv => $"{kv.Key}: {kv.Value}"))}}}");
    Console.WriteLine($"                                  {urls.Length * 2} fetches of {Ms(server.Latency)} each took {Ms(parallel.Elapsed)} in parallel");

    var background = await Patterns.BackgroundLoop(4, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(30));
    Console.WriteLine($" 8. SpawnCallback background loop spawn returned after {background.RunsWhenSpawnReturned} runs; runs started at " +
                      string.Join(", ", background.RunStarts.Select(Ms)));

    var cadence = await Patterns.FixedCadence(5, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(30));
    Console.WriteLine($" 9. fixed cadence (clock first)   5 x (50 ms period, 30 ms work): {Ms(cadence.ClockFirst)} " +
                      $"(sleeping after the work: {Ms(cadence.SleepAfterWork)})");

    var chunks = await Patterns.ConsumeChunks(() => new FetchedChunkSource(source, server.BaseUrl, 4), TimeSpan.FromMilliseconds(30));
    Console.WriteLine($"10. holding the next chunk future wrote \"{string.Concat(chunks.Chunks)}\" in {Ms(chunks.HoldingFuture)} " +
                      $"(one at a time: {Ms(chunks.OneAtATime)})");

    var cursor = await Patterns.IterateCursor(database, 5, 2);
    Console.WriteLine($"    ({server.Requests} HTTP requests served)");
    Console.WriteLine($"11. iterator pattern              while (await cursor.FetchNext()): {cursor.WhileLoop.Length} docs in {cursor.Batches} batches; " +
                      $"await foreach: {string.Join(", ", cursor.AwaitForeach)}");
}, TimeSpan.FromSeconds(30));
