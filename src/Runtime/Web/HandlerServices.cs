using System.ComponentModel;

namespace Squall.Web;

/// <summary>Resolution helpers for generated handler constructors (no reflection: a <c>typeof</c> per parameter).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class HandlerServices
{
    /// <summary>The service <typeparamref name="T"/> for parameter <paramref name="parameter"/> of <paramref name="handler"/>'s constructor.</summary>
    public static T Require<T>(IServiceProvider services, string handler, string parameter) where T : notnull =>
        services.GetService(typeof(T)) is T service
            ? service
            : throw new InvalidOperationException(
                $"No service of type '{typeof(T)}' is registered for parameter '{parameter}' of handler {handler}'s constructor.");

    /// <summary>The optional service <typeparamref name="T"/> (a nullable constructor parameter), or null when none is registered.</summary>
    public static T? Optional<T>(IServiceProvider services) where T : class => services.GetService(typeof(T)) as T;

    /// <summary>The plain factory of a handler that needs services: reached only if the start-up check was bypassed.</summary>
    public static RequestHandler NeedsServices(string handler) =>
        throw new InvalidOperationException(
            $"Handler {handler} takes services in its constructor: serve it with Squall.Hosting (AddSquall) or set ApplicationSettings.RequestScopes.");
}
