using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Squall.Web;

namespace Squall.Hosting;

/// <summary>Registers a Squall application with a .NET generic host.</summary>
public static class SquallServiceCollectionExtensions
{
    /// <summary>
    /// Serves <paramref name="routes"/> (usually <c>Squall.Generated.Routes.Table</c>) as a hosted service.
    /// <paramref name="configure"/> sets the application's defaults; the configuration section <c>Squall</c> then
    /// overrides them (see <see cref="SquallOptions"/>). The host's <c>ILoggerFactory</c> receives Squall's logs
    /// (categories <c>Squall.Web</c>, <c>Squall.Access</c>, <c>Squall.IOLoop</c>, <c>Squall.Hosting</c>), and the host's
    /// shutdown timeout is raised above <see cref="SquallOptions.ShutdownTimeout"/> so requests in flight get theirs.
    /// </summary>
    public static IServiceCollection AddSquall(this IServiceCollection services, RouteTable routes, Action<SquallOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(routes);
        var options = services.AddOptions<SquallOptions>();
        if (configure is not null) options.Configure(configure);
        // SquallConfiguration's Bind calls are intercepted by the configuration binder's source generator
        // (EnableConfigurationBindingGenerator): no reflection, so a NativeAOT publish stays warning-free.
        options.Configure<IConfiguration>(static (o, configuration) => SquallConfiguration.Apply(configuration, o));
        services.AddOptions<HostOptions>().Configure<IOptions<SquallOptions>>(static (host, squall) =>
        {
            var needed = squall.Value.ShutdownTimeout + TimeSpan.FromSeconds(5);
            if (host.ShutdownTimeout < needed) host.ShutdownTimeout = needed;
        });
        services.AddSingleton(sp => new SquallServer(routes, sp.GetRequiredService<IOptions<SquallOptions>>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>(), sp.GetRequiredService<IHostApplicationLifetime>(), sp));
        services.AddHostedService(sp => sp.GetRequiredService<SquallServer>());
        return services;
    }
}
