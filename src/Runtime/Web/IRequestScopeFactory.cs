namespace Squall.Web;

/// <summary>
/// Makes one service scope per request for handlers whose constructors take services (see
/// <see cref="RouteEntry.CreateFromServices"/>). Squall.Hosting supplies one over Microsoft.Extensions.DependencyInjection;
/// the runtime knows only <see cref="IServiceProvider"/>. Called on a loop thread, so it must be thread-safe.
/// </summary>
public interface IRequestScopeFactory
{
    /// <summary>A new scope; the request's handler is made from its services and it is disposed after the request.</summary>
    IRequestScope CreateScope();

    /// <summary>
    /// Whether <paramref name="serviceType"/> can be resolved, checked once per handler constructor parameter when the
    /// application is made, so a missing registration is an error at start-up rather than on the first request.
    /// </summary>
    bool CanResolve(Type serviceType);
}

/// <summary>The services of one request; disposed (with the scoped services it made) when the request completes.</summary>
public interface IRequestScope : IDisposable
{
    /// <summary>Resolves the handler's constructor parameters.</summary>
    IServiceProvider Services { get; }
}
