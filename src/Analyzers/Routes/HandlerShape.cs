using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Squall.Analyzers.Infrastructure;
using Squall.Generators.Routing;

namespace Squall.Analyzers.Routes;

/// <summary>The verb methods a handler class declares (Get, Post, ...), including inherited ones.</summary>
internal static class HandlerShape
{
    /// <summary>
    /// For a RequestHandler subclass: its valid template routes (regex routes left out) and its verb methods;
    /// false when the type is not a handler or has no such route.
    /// </summary>
    public static bool TryGetTemplateRoutes(
        INamedTypeSymbol type, KnownSymbols known, CancellationToken ct,
        out List<(RouteDeclaration Route, RouteTemplate Template)> routes, out List<IMethodSymbol> verbs)
    {
        routes = new List<(RouteDeclaration, RouteTemplate)>();
        verbs = new List<IMethodSymbol>();
        if (!known.IsRequestHandlerSubclass(type)) return false;
        foreach (var route in RouteDeclaration.Of(type, known, ct))
        {
            if (route.Template is { } template && route.Regex is null) routes.Add((route, template));
        }
        if (routes.Count == 0) return false;
        verbs = VerbMethods(type, known);
        return true;
    }

    public static List<IMethodSymbol> VerbMethods(INamedTypeSymbol handler, KnownSymbols known)
    {
        var verbs = new List<IMethodSymbol>();
        var seen = new HashSet<string>();
        for (var type = handler; type is not null && !KnownSymbols.Same(type, known.RequestHandler); type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } method
                    && LoopContext.VerbMethods.Contains(method.Name)
                    && seen.Add(method.Name))
                {
                    verbs.Add(method);
                }
            }
        }
        return verbs;
    }
}
