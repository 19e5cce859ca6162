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

        // SslOptions (certificates, callbacks) is code, not configuration: bind the plain values only.
        var server = options.Server;
        var serverValues = new ServerValues
        {
            XHeaders = server.XHeaders,
            MaxHeaderSize = server.MaxHeaderSize,
            MaxBodySize = server.MaxBodySize,
            IdleConnectionTimeout = server.IdleConnectionTimeout,
            HeaderTimeout = server.HeaderTimeout,
            BodyTimeout = server.BodyTimeout,
            DecompressRequest = server.DecompressRequest,
            ServerHeader = server.ServerHeader,
            HandshakeTimeout = server.HandshakeTimeout,
            Backlog = server.Backlog,
            CompactMemoryWhenIdle = server.CompactMemoryWhenIdle,
        };
        section.GetSection("Server").Bind(serverValues);
        server.XHeaders = serverValues.XHeaders;
        server.MaxHeaderSize = serverValues.MaxHeaderSize;
        server.MaxBodySize = serverValues.MaxBodySize;
        server.IdleConnectionTimeout = serverValues.IdleConnectionTimeout;
        server.HeaderTimeout = serverValues.HeaderTimeout;
        server.BodyTimeout = serverValues.BodyTimeout;
        server.DecompressRequest = serverValues.DecompressRequest;
        server.ServerHeader = serverValues.ServerHeader;
        server.HandshakeTimeout = serverValues.HandshakeTimeout;
        server.Backlog = serverValues.Backlog;
        server.CompactMemoryWhenIdle = serverValues.CompactMemoryWhenIdle;

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

    /// <summary>The plain keys of <c>Squall:Server</c> (<see cref="Squall.Http.HttpServerSettings"/> without its TLS options).</summary>
    internal sealed class ServerValues
    {
        public bool XHeaders { get; set; }

        public int MaxHeaderSize { get; set; }

        public long MaxBodySize { get; set; }

        public TimeSpan IdleConnectionTimeout { get; set; }

        public TimeSpan HeaderTimeout { get; set; }

        public TimeSpan BodyTimeout { get; set; }

        public bool DecompressRequest { get; set; }

        public string? ServerHeader { get; set; }

        public TimeSpan HandshakeTimeout { get; set; }

        public int Backlog { get; set; }

        public TimeSpan? CompactMemoryWhenIdle { get; set; }
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
