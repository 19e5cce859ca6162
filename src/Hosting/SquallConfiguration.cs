using Microsoft.Extensions.Configuration;
using Squall.Web;

namespace Squall.Hosting;

/// <summary>
/// Reads the <c>Squall</c> configuration section into <see cref="SquallOptions"/>. The binder's source generator binds
/// plain settings classes only (<see cref="ApplicationSettings"/> also holds a logger and a handler factory), so the
/// values go through the small mirrors below: filled from the options, bound, copied back — a key the configuration
/// lacks leaves its option as the code set it.
/// </summary>
internal static class SquallConfiguration
{
    public static void Apply(IConfiguration configuration, SquallOptions options)
    {
        var section = configuration.GetSection(SquallOptions.SectionName);
        var listen = new ListenValues { Port = options.Port, Address = options.Address, Loops = options.Loops, ShutdownTimeout = options.ShutdownTimeout };
        section.Bind(listen);
        options.Port = listen.Port;
        options.Address = listen.Address;
        options.Loops = listen.Loops;
        options.ShutdownTimeout = listen.ShutdownTimeout;

        section.GetSection("Server").Bind(options.Server);

        var app = options.Application;
        var values = new ApplicationValues
        {
            Debug = app.Debug,
            CompressResponse = app.CompressResponse,
            CompressMinLength = app.CompressMinLength,
            StaticPath = app.StaticPath,
            StaticUrlPrefix = app.StaticUrlPrefix,
            CookieSecret = app.CookieSecret,
            XsrfCookies = app.XsrfCookies,
            WebSocketPingInterval = app.WebSocketPingInterval,
            WebSocketPingTimeout = app.WebSocketPingTimeout,
            WebSocketMaxMessageSize = app.WebSocketMaxMessageSize,
            WebSocketCloseTimeout = app.WebSocketCloseTimeout,
        };
        section.GetSection("Application").Bind(values);
        app.Debug = values.Debug;
        app.CompressResponse = values.CompressResponse;
        app.CompressMinLength = values.CompressMinLength;
        app.StaticPath = values.StaticPath;
        app.StaticUrlPrefix = values.StaticUrlPrefix;
        app.CookieSecret = values.CookieSecret;
        app.XsrfCookies = values.XsrfCookies;
        app.WebSocketPingInterval = values.WebSocketPingInterval;
        app.WebSocketPingTimeout = values.WebSocketPingTimeout;
        app.WebSocketMaxMessageSize = values.WebSocketMaxMessageSize;
        app.WebSocketCloseTimeout = values.WebSocketCloseTimeout;
    }

    /// <summary>The listening keys of <c>Squall</c>.</summary>
    internal sealed class ListenValues
    {
        public int Port { get; set; }

        public string Address { get; set; } = "";

        public int Loops { get; set; }

        public TimeSpan ShutdownTimeout { get; set; }
    }

    /// <summary>The keys of <c>Squall:Application</c>: every <see cref="ApplicationSettings"/> member that is plain data.</summary>
    internal sealed class ApplicationValues
    {
        public bool Debug { get; set; }

        public bool CompressResponse { get; set; }

        public int CompressMinLength { get; set; }

        public string? StaticPath { get; set; }

        public string StaticUrlPrefix { get; set; } = "";

        public string? CookieSecret { get; set; }

        public bool XsrfCookies { get; set; }

        public TimeSpan? WebSocketPingInterval { get; set; }

        public TimeSpan? WebSocketPingTimeout { get; set; }

        public long WebSocketMaxMessageSize { get; set; }

        public TimeSpan WebSocketCloseTimeout { get; set; }
    }
}
