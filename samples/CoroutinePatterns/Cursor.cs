namespace Squall.Samples.CoroutinePatterns;

/// <summary>
/// A database-style cursor that loads documents in batches through an <see cref="IFetchSource"/> (Tornado's
/// Motor cursor): <c>while (await cursor.FetchNext()) { var doc = cursor.NextObject(); }</c>, or
/// <c>await foreach (var doc in cursor)</c>.
/// </summary>
public sealed class Cursor(IFetchSource source, string collection, int count, int batchSize)
{
    private readonly Queue<string> _batch = new();
    private int _requested;
    private string? _current;

    /// <summary>How many batches were fetched.</summary>
    public int BatchesFetched { get; private set; }

    /// <summary>Completes with true when a document is ready for <see cref="NextObject"/>, false at the end.</summary>
    public async Future<bool> FetchNext()
    {
        if (_batch.Count == 0 && _requested < count)
        {
            int take = Math.Min(batchSize, count - _requested);
            var urls = Enumerable.Range(_requested, take).Select(i => $"db://{collection}/{i}");
            _requested += take;
            string[] docs = await Gen.Multi(urls.Select(source.Fetch));
            BatchesFetched++;
            foreach (var doc in docs) _batch.Enqueue(doc);
        }
        if (_batch.Count == 0) return false;
        _current = _batch.Dequeue();
        return true;
    }

    /// <summary>The document the last successful <see cref="FetchNext"/> made ready.</summary>
    public string NextObject() => _current ?? throw new InvalidOperationException("Call FetchNext() first.");

    /// <summary>Documents for <c>await foreach</c>.</summary>
    public Enumerator GetAsyncEnumerator() => new(this);

    /// <summary>Steps a <see cref="Cursor"/> for <c>await foreach</c>.</summary>
    public sealed class Enumerator(Cursor cursor) : IFutureAsyncEnumerator<string>
    {
        /// <inheritdoc />
        public string Current => cursor.NextObject();

        /// <inheritdoc />
        public Future<bool> MoveNextAsync() => cursor.FetchNext();
    }
}
