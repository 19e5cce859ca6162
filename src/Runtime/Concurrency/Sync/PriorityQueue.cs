namespace Squall;

/// <summary>
/// An <see cref="AsyncQueue{T}"/> that gives the lowest item first (Tornado's <c>PriorityQueue</c>, whose items are
/// usually <c>(priority, value)</c> tuples: in C# put <c>(int Priority, string Value)</c> value tuples, or pass an
/// <see cref="IComparer{T}"/>). Equal items come out in the order they were put.
/// </summary>
/// <remarks>
/// One type parameter, with the item as its own priority, as in Tornado: it keeps every <see cref="AsyncQueue{T}"/>
/// member and never clashes with <see cref="System.Collections.Generic.PriorityQueue{TElement, TPriority}"/>, whose
/// arity is two, so both can be used under <c>using Squall;</c> and <c>using System.Collections.Generic;</c>.
/// </remarks>
public sealed class PriorityQueue<T> : AsyncQueue<T>
{
    /// <summary>Creates a priority queue ordered by <paramref name="comparer"/> (default: <see cref="Comparer{T}.Default"/>); <paramref name="maxSize"/> 0 means unbounded.</summary>
    public PriorityQueue(int maxSize = 0, IComparer<T>? comparer = null) : base(new PriorityStore<T>(comparer), maxSize) { }
}
