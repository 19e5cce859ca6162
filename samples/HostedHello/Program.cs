using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Squall.Hosting;

namespace HostedHello;

/// <summary>
/// A Squall application run by the .NET generic host: configuration from appsettings.json, the environment
/// (<c>Squall__Port=9000</c>) and the command line (<c>--Squall:Port=9000</c>); the host's console logging; one loop per
/// core (<c>Squall:Loops</c> 0); services injected into handlers' constructors; SIGTERM or Ctrl-C drains requests in
/// flight and exits 0.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        // Services for the handlers' constructors (see StatsHandler, LongPollHandler).
        builder.Services.AddSingleton<HitCounter>();
        builder.Services.AddScoped<RequestInfo>();
        builder.Services.AddSingleton<ShutdownNotice>();
        builder.Services.AddSquall(Squall.Generated.Routes.Table, options =>
        {
            options.Port = 8888; // defaults; the "Squall" configuration section overrides them
            options.ShutdownTimeout = TimeSpan.FromSeconds(30);
        });
        builder.Build().Run();
    }
}
