using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Squall.Http;
using Squall.Web;

namespace Squall.Hosting;

/// <summary>
/// The hosted service that runs a Squall application: <see cref="SquallOptions.Loops"/> loops on threads of their own,
/// one listener each, started with the host. When the host stops (SIGTERM, Ctrl-C, <c>StopApplication</c>) the
/// listeners close at once, idle connections close, requests in flight finish within
/// <see cref="SquallOptions.ShutdownTimeout"/>, and then the loops stop.
/// </summary>
public sealed class SquallServer : IHostedService, IDisposable
{
    private readonly RouteTable _routes;
    private readonly SquallOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cutNow = new();
    private readonly object _gate = new();
    private HttpServerGroup? _group;
    private Task<int>? _shutdown;
    private CancellationTokenRegistration _stopping;

    /// <summary>Made by <c>AddSquall</c>; resolve it from the container to read <see cref="BoundPort"/>.</summary>
    public SquallServer(RouteTable routes, IOptions<SquallOptions> options, ILoggerFactory loggerFactory,
        IHostApplicationLifetime lifetime, IServiceProvider services)
    {
        _routes = routes;
        _options = options.Value;
        _loggerFactory = loggerFactory;
        _lifetime = lifetime;
        _services = services;
        _logger = loggerFactory.CreateLogger("Squall.Hosting");
    }

    /// <summary>The options the server runs with (after configuration).</summary>
    public SquallOptions Options => _options;

    /// <summary>The port every loop listens on; valid once the host has started.</summary>
    public int BoundPort => Group.BoundPort;

    /// <summary>The running loops and their servers; valid once the host has started.</summary>
    public HttpServerGroup Group => _group ?? throw new InvalidOperationException("The Squall server has not started.");

    /// <summary>The application every loop serves; valid once the host has started.</summary>
    public Application? Application { get; private set; }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = _options.Application;
        settings.Logger ??= _loggerFactory.CreateLogger("Squall.Web");
        settings.AccessLogger ??= _loggerFactory.CreateLogger("Squall.Access");
        // Handlers whose constructors take services get them from the host's container, one scope per request; a
        // service that is not registered stops the host here, before it listens.
        settings.RequestScopes ??= new ServiceRequestScopes(_services);
        // Whatever logs through the process-wide default (code outside an application) goes to the host too.
        SquallLogging.Default = _loggerFactory.CreateLogger("Squall");
        var app = new Application(_routes, settings);
        Application = app;
        var loopOptions = new IOLoopOptions { Logger = _loggerFactory.CreateLogger("Squall.IOLoop") };
        var serverSettings = _options.Server;
        _group = HttpServerGroup.Start(() => new HttpServer(app, serverSettings), _options.Loops, _options.Port, _options.Address,
            useCurrentLoop: false, loopOptions: loopOptions);
        string address = string.IsNullOrEmpty(_options.Address) ? "0.0.0.0" : _options.Address;
        string host = address.Contains(':') ? "[" + address + "]" : address;
        _logger.LogInformation("Squall listening on http://{Host}:{Port}/ with {Loops} loop(s)", host, _group.BoundPort, _group.Loops.Count);
        // ApplicationStopping fires before any hosted service's StopAsync: the listeners close at once, not after the
        // services registered later than this one have stopped.
        _stopping = _lifetime.ApplicationStopping.Register(() => BeginShutdown());
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var shutdown = BeginShutdown();
        if (shutdown is null) return;
        // The host's own shutdown timeout (made longer than ours by AddSquall) cuts what is left at once.
        await using var cut = cancellationToken.Register(() => _cutNow.Cancel());
        int cutCount = await shutdown.ConfigureAwait(false);
        if (cutCount == 0) _logger.LogInformation("Squall stopped: every connection finished");
    }

    private Task<int>? BeginShutdown()
    {
        lock (_gate)
        {
            if (_group is null) return null;
            if (_shutdown is null)
            {
                _logger.LogInformation("Squall shutting down: listeners closed, waiting up to {Timeout} s for requests in flight",
                    _options.ShutdownTimeout.TotalSeconds);
                _shutdown = _group.ShutdownAsync(_options.ShutdownTimeout, _cutNow.Token);
            }
            return _shutdown;
        }
    }

    /// <summary>Stops everything at once (a host disposed without stopping).</summary>
    public void Dispose()
    {
        _stopping.Dispose();
        _group?.Dispose();
        _cutNow.Dispose();
    }
}
