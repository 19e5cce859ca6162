using Microsoft.Extensions.DependencyInjection;
using Squall.Web;

namespace Squall.Hosting;

/// <summary>
/// Request scopes from the host's container: every request to a handler with constructor services gets its own
/// <see cref="IServiceScope"/> (scoped services live for one request), disposed when the request completes.
/// </summary>
internal sealed class ServiceRequestScopes : IRequestScopeFactory
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IServiceProviderIsService? _isService;

    public ServiceRequestScopes(IServiceProvider services)
    {
        _scopes = services.GetRequiredService<IServiceScopeFactory>();
        _isService = services.GetService<IServiceProviderIsService>();
    }

    public IRequestScope CreateScope() => new Scope(_scopes.CreateScope());

    // A container that cannot answer (not Microsoft's) is trusted; a missing service then fails the request with 500.
    public bool CanResolve(Type serviceType) => _isService?.IsService(serviceType) ?? true;

    private sealed class Scope(IServiceScope scope) : IRequestScope
    {
        public IServiceProvider Services => scope.ServiceProvider;

        public void Dispose() => scope.Dispose();
    }
}
