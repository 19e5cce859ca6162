using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>The verb methods a handler class declares (Get, Post, ...), including inherited ones.</summary>
internal static class HandlerShape
{
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
