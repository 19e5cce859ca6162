namespace Squall.Samples.CoroutinePatterns;

/// <summary>
/// Tornado's coroutine patterns (its user guide, "Coroutines" and "Asynchronous and non-Blocking I/O"), one static
/// method each, returning what a caller can observe. Every method runs on the current loop.
/// </summary>
public static partial class Patterns
{
    // ---- 1. A callback-style asynchronous API -------------------------------------------------------------------

    /// <summary>The callback style: the result goes to <paramref name="callback"/> (Tornado's <c>asynchronous_fetch</c>).</summary>
    public static void AsynchronousFetch(IFetchSource source, string url, Action<string> callback)
    {
        source.Fetch(url).AddDoneCallback(f => callback(((Future<string>)f).Result));
    }

    /// <summary>Pattern 1: calls <see cref="AsynchronousFetch"/> and reports what its callback received.</summary>
    public static Future<string> CallbackStyle(IFetchSource source, string url)
    {
        var received = new Future<string>();
        AsynchronousFetch(source, url, body => received.SetResult(body));
        return received;
    }

    // ---- 2. The same API returning a Future ---------------------------------------------------------------------

    /// <summary>
    /// Pattern 2: returns a placeholder future completed from the fetch's done callback (Tornado's
    /// <c>async_fetch_future</c>); a failure travels through the future instead of being lost in a callback.
    /// </summary>
    public static Future<string> AsyncFetchFuture(IFetchSource source, string url)
    {
        var myFuture = new Future<string>();
        var fetchFuture = source.Fetch(url);
        fetchFuture.AddDoneCallback(f =>
        {
            if (f.Exception is { } e) myFuture.SetException(e);
            else myFuture.SetResult(((Future<string>)f).Result);
        });
        return myFuture;
    }

    // ---- 3. A yield-style coroutine with Gen.Return -------------------------------------------------------------

    /// <summary>The iterator behind pattern 3 (Tornado's <c>@gen.coroutine</c> + <c>yield</c> + <c>raise gen.Return</c>).</summary>
    [Coroutine]
    public static IEnumerable<object?> FetchCoroutineYieldStyle(IFetchSource source, string url)
    {
        var response = source.Fetch(url);
        yield return response;                 // suspends until the fetch is done
        yield return Gen.Return(response.Result);
    }

    /// <summary>Pattern 3: drives <see cref="FetchCoroutineYieldStyle"/> with <see cref="Gen.Run{T}(IEnumerable{object})"/>.</summary>
    public static Future<string> YieldStyleCoroutine(IFetchSource source, string url) =>
        Gen.Run<string>(FetchCoroutineYieldStyle(source, url));

    // ---- 4. The same as an async Future<T> coroutine -------------------------------------------------------------

    /// <summary>Pattern 4: the modern form (Tornado's <c>async def fetch_coroutine</c>).</summary>
    public static async Future<string> FetchCoroutine(IFetchSource source, string url)
    {
        string body = await source.Fetch(url);
        return body;
    }

    // ---- 5. Wrapping a callback API with Gen.FromCallback -------------------------------------------------------

    /// <summary>Pattern 5: turns the callback API of pattern 1 into a future (Tornado's <c>gen.Task</c>).</summary>
    public static Future<string> WrappedCallback(IFetchSource source, string url) =>
        Gen.FromCallback<string>(callback => AsynchronousFetch(source, url, callback));

    // ---- 7. Parallel waits over a list and a dictionary ---------------------------------------------------------

    /// <summary>What <see cref="ParallelFetch"/> observed.</summary>
    public sealed record ParallelResult(string[] ByPosition, Dictionary<string, string> ByUrl, TimeSpan Elapsed);

    /// <summary>
    /// Pattern 7: fetches every URL at once, as a list (results in order) and as a dictionary (results by URL);
    /// both waits together take about one fetch's latency, not one per URL.
    /// </summary>
    public static async Future<ParallelResult> ParallelFetch(IFetchSource source, IReadOnlyList<string> urls)
    {
        long start = Now();
        var listWait = Gen.Multi(urls.Select(source.Fetch));
        var dictWait = Gen.Multi(urls.ToDictionary(u => u, source.Fetch));
        string[] byPosition = await listWait;
        Dictionary<string, string> byUrl = await dictWait;
        return new ParallelResult(byPosition, byUrl, Elapsed(start));
    }

    // ---- 11. The iterator pattern ------------------------------------------------------------------------------

    /// <summary>What <see cref="IterateCursor"/> observed.</summary>
    public sealed record CursorResult(string[] WhileLoop, string[] AwaitForeach, int Batches);

    /// <summary>
    /// Pattern 11: reads a cursor with <c>while (await cursor.FetchNext())</c> (Tornado's
    /// <c>while (yield cursor.fetch_next)</c>), then another with <c>await foreach</c>.
    /// </summary>
    public static async Future<CursorResult> IterateCursor(IFetchSource source, int documents, int batchSize)
    {
        var whileLoop = new List<string>();
        var cursor = new Cursor(source, "users", documents, batchSize);
        while (await cursor.FetchNext())
        {
            whileLoop.Add(cursor.NextObject());
        }

        var awaitForeach = new List<string>();
        var second = new Cursor(source, "users", documents, batchSize);
        await foreach (var doc in second)
        {
            awaitForeach.Add(doc);
        }
        return new CursorResult(whileLoop.ToArray(), awaitForeach.ToArray(), cursor.BatchesFetched);
    }

    internal static TimeSpan Elapsed(long start) =>
        TimeSpan.FromSeconds((Now() - start) / (double)System.Diagnostics.Stopwatch.Frequency);

    /// <summary>
    /// Now on the running loop's clock (<see cref="IOLoop.Time"/>, Tornado's <c>IOLoop.current().time()</c>) in
    /// <see cref="System.Diagnostics.Stopwatch"/> ticks: the clock the loop's timers follow, so a pattern's
    /// measurements agree with its sleeps.
    /// </summary>
    internal static long Now() => (long)Math.Round(IOLoop.Current.Time() * System.Diagnostics.Stopwatch.Frequency);
}
