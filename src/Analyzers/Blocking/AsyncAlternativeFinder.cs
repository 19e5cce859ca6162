using System.Threading;
using Microsoft.CodeAnalysis;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Blocking;

/// <summary>
/// Finds the awaitable sibling <c>FooAsync</c> of a synchronous call <c>Foo</c> with VSTHRD103's four filters:
/// not obsolete, parameters compatible (the same leading parameter types, then only optional ones such as a
/// CancellationToken), an awaitable return type, and not the method we are in.
/// </summary>
internal static class AsyncAlternativeFinder
{
    public static IMethodSymbol? Find(
        SemanticModel model, int position, IMethodSymbol method, ITypeSymbol? receiverType, ISymbol? enclosing,
        KnownSymbols known, string? asyncName = null, AsyncLookupCache? cache = null, CancellationToken ct = default)
    {
        asyncName ??= method.Name + "Async";
        var container = receiverType as INamespaceOrTypeSymbol ?? method.ContainingType;
        var candidates = cache is not null
            ? cache.Lookup(model, position, container, asyncName)
            : model.LookupSymbols(position, container, asyncName, includeReducedExtensionMethods: true);
        foreach (var candidate in candidates)
        {
            ct.ThrowIfCancellationRequested();
            if (candidate is not IMethodSymbol asyncMethod) continue;
            if (IsObsolete(asyncMethod, known)) continue;
            if (asyncMethod.IsStatic != method.IsStatic && asyncMethod.ReducedFrom is null) continue;
            if (!HasCompatibleParameters(method, asyncMethod)) continue;
            if (!known.IsAwaitable(asyncMethod.ReturnType)) continue;
            if (enclosing is not null && SymbolEqualityComparer.Default.Equals(asyncMethod.OriginalDefinition, enclosing.OriginalDefinition)) continue;
            return asyncMethod;
        }
        return null;
    }

    private static bool HasCompatibleParameters(IMethodSymbol method, IMethodSymbol asyncMethod)
    {
        var sync = method.Parameters;
        var async = asyncMethod.Parameters;
        if (async.Length < sync.Length) return false;
        for (int i = 0; i < sync.Length; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(sync[i].Type, async[i].Type)) return false;
            if (sync[i].RefKind != async[i].RefKind) return false;
        }
        for (int i = sync.Length; i < async.Length; i++)
        {
            if (!async[i].IsOptional && !async[i].IsParams) return false;
        }
        return true;
    }

    private static bool IsObsolete(ISymbol symbol, KnownSymbols known)
    {
        if (known.ObsoleteAttribute is null) return false;
        foreach (var attribute in symbol.GetAttributes())
        {
            if (KnownSymbols.Same(attribute.AttributeClass, known.ObsoleteAttribute)) return true;
        }
        return false;
    }
}
