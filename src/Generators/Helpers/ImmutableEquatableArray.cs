using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Squall.Generators.Helpers
{
    /// <summary>
    /// An immutable array equal by its elements (as System.Text.Json's generator has it): pipeline values must compare
    /// structurally or every edit looks like a change and the generator's caching is lost.
    /// </summary>
    internal sealed class ImmutableEquatableArray<T> : IEquatable<ImmutableEquatableArray<T>>, IReadOnlyList<T>
        where T : IEquatable<T>
    {
        public static readonly ImmutableEquatableArray<T> Empty = new(Array.Empty<T>());

        private readonly T[] _values;

        public ImmutableEquatableArray(IEnumerable<T> values) => _values = values.ToArray();

        public T this[int index] => _values[index];

        public int Count => _values.Length;

        public bool Equals(ImmutableEquatableArray<T>? other) =>
            other is not null && ((ReadOnlySpan<T>)_values).SequenceEqual(other._values);

        public override bool Equals(object? obj) => Equals(obj as ImmutableEquatableArray<T>);

        public override int GetHashCode()
        {
            int hash = 17;
            foreach (var v in _values) hash = unchecked(hash * 31 + (v is null ? 0 : v.GetHashCode()));
            return hash;
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_values).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => _values.GetEnumerator();
    }

    internal static class ImmutableEquatableArray
    {
        public static ImmutableEquatableArray<T> ToImmutableEquatableArray<T>(this IEnumerable<T> values)
            where T : IEquatable<T> => new(values);
    }
}
