using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Squall.Analyzers.Blocking;

/// <summary>
/// Per-compilation cache of <c>LookupSymbols(position, receiver, "FooAsync")</c>, SQ1002's most expensive step.
/// The answer depends only on the receiver type, the name, the type the code is in (accessibility) and the file's
/// usings (extension methods), so those make the key.
/// </summary>
internal sealed class AsyncLookupCache
{
    private readonly ConcurrentDictionary<Key, ImmutableArray<ISymbol>> _results = new();

    public ImmutableArray<ISymbol> Lookup(SemanticModel model, int position, INamespaceOrTypeSymbol container, string name)
    {
        var key = new Key(model.SyntaxTree, model.GetEnclosingSymbol(position)?.ContainingType, container, name);
        return _results.GetOrAdd(key, _ => model.LookupSymbols(position, container, name, includeReducedExtensionMethods: true));
    }

    private readonly struct Key : IEquatable<Key>
    {
        private readonly SyntaxTree _tree;
        private readonly INamedTypeSymbol? _enclosingType;
        private readonly INamespaceOrTypeSymbol _container;
        private readonly string _name;

        public Key(SyntaxTree tree, INamedTypeSymbol? enclosingType, INamespaceOrTypeSymbol container, string name)
        {
            _tree = tree;
            _enclosingType = enclosingType;
            _container = container;
            _name = name;
        }

        public bool Equals(Key other) =>
            _tree == other._tree
            && SymbolEqualityComparer.Default.Equals(_enclosingType, other._enclosingType)
            && SymbolEqualityComparer.Default.Equals(_container, other._container)
            && _name == other._name;

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode()
        {
            unchecked
            {
                int hash = _tree.GetHashCode();
                hash = hash * 31 + SymbolEqualityComparer.Default.GetHashCode(_enclosingType);
                hash = hash * 31 + SymbolEqualityComparer.Default.GetHashCode(_container);
                return hash * 31 + StringComparer.Ordinal.GetHashCode(_name);
            }
        }
    }
}
