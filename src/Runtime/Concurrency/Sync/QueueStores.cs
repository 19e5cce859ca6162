namespace Squall;

/// <summary>Where a queue keeps its items; the order of <see cref="Take"/> is what tells the queue kinds apart.</summary>
internal interface IQueueStore<T>
{
    int Count { get; }

    void Add(T item);

    T Take();
}

/// <summary>First in, first out (<see cref="AsyncQueue{T}"/>).</summary>
internal sealed class FifoStore<T> : IQueueStore<T>
{
    private readonly Queue<T> _items = new();

    public int Count => _items.Count;

    public void Add(T item) => _items.Enqueue(item);

    public T Take() => _items.Dequeue();
}

/// <summary>Last in, first out (<see cref="LifoQueue{T}"/>).</summary>
internal sealed class LifoStore<T> : IQueueStore<T>
{
    private readonly Stack<T> _items = new();

    public int Count => _items.Count;

    public void Add(T item) => _items.Push(item);

    public T Take() => _items.Pop();
}

/// <summary>Lowest first by a comparer; equal items leave in the order they came (<see cref="PriorityQueue{T}"/>).</summary>
internal sealed class PriorityStore<T> : IQueueStore<T>
{
    private readonly System.Collections.Generic.PriorityQueue<T, (T Item, long Sequence)> _items;
    private long _sequence;

    public PriorityStore(IComparer<T>? comparer)
    {
        var itemComparer = comparer ?? Comparer<T>.Default;
        _items = new(Comparer<(T Item, long Sequence)>.Create((a, b) =>
        {
            int c = itemComparer.Compare(a.Item, b.Item);
            return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
        }));
    }

    public int Count => _items.Count;

    public void Add(T item) => _items.Enqueue(item, (item, _sequence++));

    public T Take() => _items.Dequeue();
}
