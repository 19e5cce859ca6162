using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Squall.Generators.Handlers;

namespace Squall.Analyzers.Infrastructure;

/// <summary>
/// The types the analyzers look for, resolved once per compilation (from a CompilationStartAction).
/// A null member means the compilation does not reference that type; rules that need it stay silent.
/// </summary>
internal sealed class KnownSymbols
{
    // Fifteen analyzers start on the same compilation: resolve the symbols once for all of them.
    private static readonly ConditionalWeakTable<Compilation, KnownSymbols> s_cache = new();

    /// <summary>The symbols of <paramref name="compilation"/>, shared by every analyzer of that compilation.</summary>
    public static KnownSymbols For(Compilation compilation) => s_cache.GetValue(compilation, c => new KnownSymbols(c));

    public KnownSymbols(Compilation compilation)
    {
        Compilation = compilation;
        Future = compilation.GetTypeByMetadataName("Squall.Future");
        FutureOfT = compilation.GetTypeByMetadataName("Squall.Future`1");
        IOLoop = compilation.GetTypeByMetadataName("Squall.IOLoop");
        Gen = compilation.GetTypeByMetadataName("Squall.Gen");
        PeriodicCallback = compilation.GetTypeByMetadataName("Squall.PeriodicCallback");
        CoroutineAttribute = compilation.GetTypeByMetadataName("Squall.CoroutineAttribute");
        RouteAttribute = compilation.GetTypeByMetadataName("Squall.Web.RouteAttribute");
        RequestHandler = compilation.GetTypeByMetadataName("Squall.Web.RequestHandler");
        WebSocketHandler = compilation.GetTypeByMetadataName("Squall.Web.WebSocketHandler");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        TaskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
        ThreadPool = compilation.GetTypeByMetadataName("System.Threading.ThreadPool");
        Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        ObsoleteAttribute = compilation.GetTypeByMetadataName("System.ObsoleteAttribute");
        MemoryStream = compilation.GetTypeByMetadataName("System.IO.MemoryStream");
        UnmanagedMemoryStream = compilation.GetTypeByMetadataName("System.IO.UnmanagedMemoryStream");
        EventArgs = compilation.GetTypeByMetadataName("System.EventArgs");
        TextWriter = compilation.GetTypeByMetadataName("System.IO.TextWriter");
        Guid = compilation.GetTypeByMetadataName("System.Guid");
        _blockingApis = new Lazy<BlockingApiTable>(() => BlockingApiTable.Resolve(compilation));
        HandlerTypes = new KnownTypeSymbols(compilation);
    }

    /// <summary>The types the shared handler model builder needs (the generator resolves the same ones).</summary>
    public KnownTypeSymbols HandlerTypes { get; }

    // Several rules report the problems of one handler model: build it once per class and compilation.
    private readonly ConcurrentDictionary<INamedTypeSymbol, HandlerModel> _handlerModels = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// The shared builder's verdict on <paramref name="type"/>: the spec the generator emits, or the problems that
    /// make it skip the class. Empty for a class without [Route].
    /// </summary>
    public HandlerModel HandlerModelOf(INamedTypeSymbol type, CancellationToken ct) =>
        _handlerModels.GetOrAdd(type, t => HandlerModelBuilder.Build(t, HandlerTypes, ct));

    public Compilation Compilation { get; }
    public INamedTypeSymbol? Future { get; }
    public INamedTypeSymbol? FutureOfT { get; }
    public INamedTypeSymbol? IOLoop { get; }
    public INamedTypeSymbol? Gen { get; }
    public INamedTypeSymbol? PeriodicCallback { get; }
    public INamedTypeSymbol? CoroutineAttribute { get; }
    public INamedTypeSymbol? RouteAttribute { get; }
    public INamedTypeSymbol? RequestHandler { get; }

    public INamedTypeSymbol? WebSocketHandler { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? TaskOfT { get; }
    public INamedTypeSymbol? ValueTask { get; }
    public INamedTypeSymbol? ValueTaskOfT { get; }
    public INamedTypeSymbol? TaskFactory { get; }
    public INamedTypeSymbol? ThreadPool { get; }
    public INamedTypeSymbol? Thread { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? ObsoleteAttribute { get; }
    public INamedTypeSymbol? MemoryStream { get; }
    public INamedTypeSymbol? UnmanagedMemoryStream { get; }
    public INamedTypeSymbol? EventArgs { get; }
    public INamedTypeSymbol? TextWriter { get; }
    public INamedTypeSymbol? Guid { get; }
    private readonly Lazy<BlockingApiTable> _blockingApis;

    /// <summary>The blocking-call table, resolved on first use (only the SQ1xxx rules need it).</summary>
    public BlockingApiTable BlockingApis => _blockingApis.Value;

    /// <summary>True when <paramref name="type"/> is <c>Future</c>, <c>Future&lt;T&gt;</c> or derives from them.</summary>
    public bool IsFuture(ITypeSymbol? type)
    {
        if (Future is null) return false;
        for (var t = type as INamedTypeSymbol; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, Future)) return true;
            if (FutureOfT is not null && SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, FutureOfT)) return true;
        }
        return false;
    }

    /// <summary>True for <c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c>, <c>ValueTask&lt;T&gt;</c>.</summary>
    public bool IsTaskLike(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol named) return false;
        var def = named.OriginalDefinition;
        return Same(def, Task) || Same(def, TaskOfT) || Same(def, ValueTask) || Same(def, ValueTaskOfT);
    }

    /// <summary>
    /// True when <paramref name="type"/> can be awaited: a known future or task, or any type with an accessible
    /// parameterless instance <c>GetAwaiter()</c> (the pattern the compiler uses).
    /// </summary>
    public bool IsAwaitable(ITypeSymbol? type)
    {
        if (type is null) return false;
        if (IsFuture(type) || IsTaskLike(type)) return true;
        foreach (var member in type.GetMembers("GetAwaiter"))
        {
            if (member is IMethodSymbol { IsStatic: false, Parameters.Length: 0 }) return true;
        }
        return false;
    }

    /// <summary>True when <paramref name="type"/> derives from <c>WebSocketHandler</c> (not the base itself).</summary>
    public bool IsWebSocketHandlerSubclass(INamedTypeSymbol? type)
    {
        if (WebSocketHandler is null || type is null) return false;
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (Same(t, WebSocketHandler)) return true;
        return false;
    }

    /// <summary>True when <paramref name="type"/> is <c>RequestHandler</c>'s subclass (not the base itself).</summary>
    public bool IsRequestHandlerSubclass(INamedTypeSymbol? type)
    {
        if (RequestHandler is null || type is null) return false;
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (Same(t, RequestHandler)) return true;
        }
        return false;
    }

    public bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null) return false;
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (Same(t.OriginalDefinition, baseType)) return true;
        }
        return false;
    }

    public static bool Same(ISymbol? a, ISymbol? b) => a is not null && SymbolEqualityComparer.Default.Equals(a, b);
}
