using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>The compilation's valid template routes, gathered per type and ordered as declared.</summary>
internal static class RouteTable
{
    public static void Collect(SymbolAnalysisContext context, KnownSymbols known, ConcurrentBag<RouteDeclaration> routes)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.IsAbstract || !known.IsRequestHandlerSubclass(type)) return; // SQ2006 reports those
        foreach (var route in RouteDeclaration.Of(type, known, context.CancellationToken))
        {
            if (route.Template is not null && route.Regex is null) routes.Add(route);
        }
    }

    /// <summary>Declaration order: syntax tree order in the compilation, then position in the file.</summary>
    public static List<RouteDeclaration> InDeclarationOrder(IEnumerable<RouteDeclaration> routes, Compilation compilation)
    {
        var treeOrder = new Dictionary<SyntaxTree, int>();
        int index = 0;
        foreach (var tree in compilation.SyntaxTrees) treeOrder[tree] = index++;
        return routes
            .OrderBy(r => r.Location.SourceTree is { } t && treeOrder.TryGetValue(t, out var i) ? i : int.MaxValue)
            .ThenBy(r => r.Location.SourceSpan.Start)
            .ToList();
    }
}
