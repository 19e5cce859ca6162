namespace Squall;

/// <summary>
/// The result of a yield-style coroutine, produced by <see cref="Gen.Return{T}(T)"/> and yielded as its last item
/// (Tornado's <c>raise gen.Return(value)</c>). The runner stops the iterator when it sees it.
/// </summary>
public abstract class GenReturn
{
    private protected GenReturn() { }

    /// <summary>The value, boxed.</summary>
    public abstract object? BoxedValue { get; }
}

/// <summary>A typed <see cref="GenReturn"/>.</summary>
public sealed class GenReturn<T> : GenReturn
{
    internal GenReturn(T value) => Value = value;

    /// <summary>The coroutine's result.</summary>
    public T Value { get; }

    /// <inheritdoc />
    public override object? BoxedValue => Value;
}

/// <summary>Thrown into a yield-style coroutine's future when it yields something the runner cannot wait on.</summary>
public sealed class BadYieldException(string message) : Exception(message);
