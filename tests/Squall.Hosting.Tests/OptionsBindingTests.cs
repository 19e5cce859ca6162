using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Squall.Hosting.Tests;

/// <summary>
/// The <c>Squall</c> section binds onto the options the code set: in each of its three parts (listening, Server,
/// Application) a key the configuration has replaces the code's value, and a key it lacks leaves the code's value.
/// </summary>
public sealed class OptionsBindingTests
{
    [Fact]
    public void ConfigurationOverridesOnlyTheKeysItHas()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            Args =
            [
                "--Squall:Loops=3",
                "--Squall:ShutdownTimeout=00:00:07",
                "--Squall:Server:MaxBodySize=4096",
                "--Squall:Server:CompactMemoryWhenIdle=00:00:02",
                "--Squall:Application:CookieSecret=from-configuration",
                "--Squall:Application:WebSocketPingInterval=00:00:09",
            ],
        });
        builder.Services.AddSquall(Squall.Generated.Routes.Table, o =>
        {
            o.Port = 4321;
            o.Loops = 1;
            o.Server.MaxBodySize = 1024;
            o.Server.ServerHeader = "from-code";
            o.Application.CookieSecret = "from-code";
            o.Application.StaticUrlPrefix = "/assets/";
        });
        using var host = builder.Build();
        var options = host.Services.GetRequiredService<IOptions<SquallOptions>>().Value;

        Assert.Equal(4321, options.Port);
        Assert.Equal("127.0.0.1", options.Address);
        Assert.Equal(3, options.Loops);
        Assert.Equal(TimeSpan.FromSeconds(7), options.ShutdownTimeout);

        Assert.Equal(4096, options.Server.MaxBodySize);
        Assert.Equal("from-code", options.Server.ServerHeader);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Server.CompactMemoryWhenIdle);

        Assert.Equal("from-configuration", options.Application.CookieSecret);
        Assert.Equal("/assets/", options.Application.StaticUrlPrefix);
        Assert.Equal(TimeSpan.FromSeconds(9), options.Application.WebSocketPingInterval);
    }
}
