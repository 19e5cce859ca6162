namespace Squall;

public static partial class Gen
{
    /// <summary>Results of <paramref name="futures"/> in completion order; see <see cref="Squall.WaitIterator{T}"/>.</summary>
    public static WaitIterator<T> WaitIterator<T>(params Future<T>[] futures) => new(futures);

    /// <summary>Results of <paramref name="futures"/> in completion order; see <see cref="Squall.WaitIterator{T}"/>.</summary>
    public static WaitIterator<T> WaitIterator<T>(IEnumerable<Future<T>> futures) => new(futures);
}
