using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Squall.TestSupport;

namespace Squall.Hosting.Tests;

/// <summary>
/// AddSquall in a host built by the test: a handler's constructor service comes from the container, and a service
/// that is not registered stops the host at start-up with a message naming handler and type.
/// </summary>
public sealed class InProcessHostTests
{
    private static HostApplicationBuilder Builder() =>
        Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--Squall:Port=0", "--Squall:Loops=2"], DisableDefaults = true });

    [Fact]
    public async Task AHandlerGetsItsServiceFromTheHostsContainer()
    {
        var builder = Builder();
        builder.Services.AddSingleton<IGreeting, FixedGreeting>();
        builder.Services.AddSquall(Squall.Generated.Routes.Table);
        using var host = builder.Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var server = host.Services.GetRequiredService<SquallServer>();
        Assert.Equal(2, server.Group.Loops.Count);
        using (var client = new KeepAliveClient(server.BoundPort))
        {
            Assert.Equal("hello from the container", client.Get("/greeting"));
        }
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(server.Group.Loops, l => Assert.False(l.IsRunning));
    }

    [Fact]
    public async Task AnUnregisteredServiceStopsTheHostAtStartUp()
    {
        var builder = Builder();
        builder.Services.AddSquall(Squall.Generated.Routes.Table);
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("Cannot serve these routes: handler Squall.Hosting.Tests.GreetingHandler needs a service of type "
            + "'Squall.Hosting.Tests.IGreeting', which is not registered.", error.Message);
    }
}
