namespace Squall;

/// <summary>
/// What <c>await foreach</c> needs from Squall's async sequences: <see cref="MoveNextAsync"/> returns a
/// <see cref="Future{T}"/>, so the loop resumes on the loop thread like any other await. (C#'s <c>await foreach</c>
/// binds to this pattern before the <see cref="IAsyncEnumerator{T}"/> interface, which stays available for LINQ-style
/// consumers through <see cref="AsyncEnumeratorAdapter{T}"/>.)
/// </summary>
public interface IFutureAsyncEnumerator<out T>
{
    /// <summary>The item the last successful <see cref="MoveNextAsync"/> produced.</summary>
    T Current { get; }

    /// <summary>Completes with true when an item is ready in <see cref="Current"/>, false at the end.</summary>
    Future<bool> MoveNextAsync();
}

/// <summary>Cached completed futures for <see cref="IFutureAsyncEnumerator{T}.MoveNextAsync"/>: no allocation when an item is ready.</summary>
internal static class BoolFutures
{
    public static readonly Future<bool> True = Future.FromResult(true);
    public static readonly Future<bool> False = Future.FromResult(false);

    public static Future<bool> From(bool value) => value ? True : False;
}

/// <summary>Presents an <see cref="IFutureAsyncEnumerator{T}"/> as a .NET <see cref="IAsyncEnumerator{T}"/>.</summary>
internal sealed class AsyncEnumeratorAdapter<T>(IFutureAsyncEnumerator<T> inner) : IAsyncEnumerator<T>
{
    public T Current => inner.Current;

    public ValueTask<bool> MoveNextAsync()
    {
        var next = inner.MoveNextAsync();
        return next.IsDone ? new ValueTask<bool>(next.Result) : new ValueTask<bool>(next.AsTask());
    }

    public ValueTask DisposeAsync() => default;
}
