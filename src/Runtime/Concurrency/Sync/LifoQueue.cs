namespace Squall;

/// <summary>An <see cref="AsyncQueue{T}"/> that gives the most recently put item first (Tornado's <c>LifoQueue</c>).</summary>
public sealed class LifoQueue<T> : AsyncQueue<T>
{
    /// <summary>Creates a LIFO queue; <paramref name="maxSize"/> 0 means unbounded.</summary>
    public LifoQueue(int maxSize = 0) : base(new LifoStore<T>(), maxSize) { }
}
