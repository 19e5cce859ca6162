namespace Squall;

/// <summary>
/// Marks an iterator method that <c>yield return</c>s futures as a coroutine (Tornado's <c>@gen.coroutine</c>).
/// Today such a method is driven by <see cref="Gen.Run{T}(IEnumerable{object})"/>; the source generator will use this
/// attribute to emit a wrapper that returns the <see cref="Future"/> directly.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class CoroutineAttribute : Attribute
{
}
