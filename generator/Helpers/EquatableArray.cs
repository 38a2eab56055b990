using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace BackpropGen.Generator.Helpers
{
    /// <summary>
    /// A read-only array compared by its elements, so that models holding one compare equal across compilations and the
    /// incremental pipeline can cache them (an array or an <c>ImmutableArray&lt;T&gt;</c> compares by reference). It owns
    /// its array (<see cref="EquatableArray.ToEquatableArray"/> copies) and never hands it out. Plain arrays rather than
    /// <c>System.Collections.Immutable</c>, so that the runtime, which compiles the model of the step too, needs no package
    /// for it.
    /// </summary>
    internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
        where T : IEquatable<T>
    {
        public static readonly EquatableArray<T> Empty = new(Array.Empty<T>());

        private readonly T[]? _items;

        private EquatableArray(T[] items) => _items = items;

        private T[] Items => _items ?? Array.Empty<T>();

        public int Count => Items.Length;

        public T this[int index] => Items[index];

        /// <summary>Wraps a new array that nothing else refers to.</summary>
        internal static EquatableArray<T> Own(T[] items) => new(items);

        public bool Equals(EquatableArray<T> other)
        {
            T[] a = Items, b = other.Items;
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (!EqualityComparer<T>.Default.Equals(a[i], b[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            int hash = 17;
            foreach (T item in Items)
            {
                hash = unchecked((hash * 31) + (item is null ? 0 : item.GetHashCode()));
            }

            return hash;
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => Items.GetEnumerator();

        public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

        public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
    }

    internal static class EquatableArray
    {
        public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items)
            where T : IEquatable<T>
            => EquatableArray<T>.Own(items.ToArray());
    }
}
