namespace Squall;

public static partial class Gen
{
    /// <summary>
    /// Drives a yield-style coroutine (Tornado's <c>gen.coroutine</c> Runner): an iterator method that
    /// <c>yield return</c>s what it waits for and ends with <c>yield return Gen.Return(value)</c>.
    /// <code>
    /// static IEnumerable&lt;object?&gt; FetchTwice(string key)
    /// {
    ///     var first = Fetch(key);
    ///     yield return first;                      // resumes when first is done; read first.Result
    ///     var both = new[] { Fetch(key), Fetch(key) };
    ///     yield return both;                       // a list (or dictionary) of futures waits for all, like Multi
    ///     yield return Gen.Return(first.Result + both[0].Result + both[1].Result);
    /// }
    /// int total = await Gen.Run&lt;int&gt;(FetchTwice("a"));
    /// </code>
    /// The iterator runs at once up to its first pending wait, then resumes on this loop each time what it
    /// yielded is done; an already-done future continues without a loop turn. Yielding <c>null</c> or
    /// <see cref="Moment"/> gives up one loop iteration. C# iterators cannot receive an exception, so when a yielded
    /// future fails (or the iterator throws), the returned future fails with that exception and the iterator is
    /// disposed (its <c>finally</c> blocks run). An iterator that ends without <see cref="Return{T}(T)"/> gives
    /// <c>default(T)</c>, as a Tornado coroutine without <c>gen.Return</c> gives <c>None</c>.
    /// </summary>
    public static Future<T> Run<T>(IEnumerable<object?> coroutine)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        var runner = new YieldCoroutineRunner<T>(coroutine.GetEnumerator());
        runner.Step();
        return runner.Result;
    }

    /// <summary>Drives a yield-style coroutine that returns no value; see <see cref="Run{T}(IEnumerable{object})"/>.</summary>
    public static Future Run(IEnumerable<object?> coroutine) => Run<object?>(coroutine);

    /// <summary>The last item a yield-style coroutine yields: its result (Tornado's <c>gen.Return</c>).</summary>
    public static GenReturn<T> Return<T>(T value) => new(value);
}
