using Squall.Http;

namespace Squall.Web;

/// <summary>Matches a request path; returns the index of the matching <see cref="RouteEntry"/> or -1.</summary>
public delegate int RouteMatcher(string path, ref RouteValues values);

/// <summary>Creates a fresh handler instance for a route (generated: <c>new H()</c>).</summary>
public delegate RequestHandler HandlerFactory();

/// <summary>Creates a handler whose constructor takes services, from one request's <paramref name="services"/> (generated).</summary>
public delegate RequestHandler ServiceHandlerFactory(IServiceProvider services);

/// <summary>
/// Runs a handler's life cycle for the request it is attached to (generated): binds the route values to the verb
/// method's parameters, then Prepare → verb → finish → OnFinish.
/// </summary>
public delegate Future HandlerExecutor(RequestHandler handler, ref RouteValues values);

/// <summary>One route of a <see cref="RouteTable"/>.</summary>
/// <param name="Template">The template (or regex) as written, for logs and diagnostics.</param>
/// <param name="HandlerName">The handler's full type name.</param>
/// <param name="Create">Makes the handler.</param>
/// <param name="Execute">Runs its life cycle.</param>
/// <param name="StreamRequestBody">The handler has <see cref="StreamRequestBodyAttribute"/>.</param>
public sealed record RouteEntry(string Template, string HandlerName, HandlerFactory Create, HandlerExecutor Execute, bool StreamRequestBody)
{
    /// <summary>
    /// Set for a handler whose constructor takes services: makes it from a request scope's services (generated code calls
    /// <c>GetService(typeof(T))</c> per parameter). <see cref="Create"/> is then unusable.
    /// </summary>
    public ServiceHandlerFactory? CreateFromServices { get; init; }

    /// <summary>The constructor's required service types, in parameter order (checked against the container at start-up).</summary>
    public IReadOnlyList<Type> ServiceTypes { get; init; } = [];
}

/// <summary>
/// An assembly's routes, compiled by the source generator (<c>Squall.Generated.Routes.Table</c>): a matcher decided
/// at compile time plus one entry per route. Tables can be combined with <see cref="Combine"/>.
/// </summary>
public sealed class RouteTable
{
    private readonly RouteMatcher[] _matchers;
    private readonly int[] _offsets;

    /// <summary>Creates a table from a generated matcher and its entries.</summary>
    public RouteTable(RouteMatcher matcher, IReadOnlyList<RouteEntry> entries)
    {
        _matchers = [matcher];
        _offsets = [0];
        Entries = entries;
        _entries = [.. entries];
    }

    private RouteTable(RouteMatcher[] matchers, int[] offsets, IReadOnlyList<RouteEntry> entries)
    {
        _matchers = matchers;
        _offsets = offsets;
        Entries = entries;
        _entries = [.. entries];
    }

    // Entries as an array: indexing IReadOnlyList is an interface call on every request, which NativeAOT (no guarded
    // devirtualization) cannot turn into the array access the JIT makes of it (issue 16).
    private readonly RouteEntry[] _entries;

    /// <summary>Every route, in match order within each combined table.</summary>
    public IReadOnlyList<RouteEntry> Entries { get; }

    /// <summary>A table that tries <paramref name="first"/>'s routes, then <paramref name="second"/>'s.</summary>
    public static RouteTable Combine(RouteTable first, RouteTable second)
    {
        var matchers = first._matchers.Concat(second._matchers).ToArray();
        var offsets = first._offsets.Concat(second._offsets.Select(o => o + first.Entries.Count)).ToArray();
        return new RouteTable(matchers, offsets, first.Entries.Concat(second.Entries).ToArray());
    }

    /// <summary>Finds the route for <paramref name="path"/>; null when none matches. Allocates nothing for template routes.</summary>
    public RouteEntry? Match(string path, ref RouteValues values)
    {
        for (int i = 0; i < _matchers.Length; i++)
        {
            values.Reset(path);
            int index = _matchers[i](path, ref values);
            if (index >= 0) return _entries[_offsets[i] + index];
        }
        return null;
    }
}
