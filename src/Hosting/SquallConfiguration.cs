using Microsoft.Extensions.Configuration;
using Squall.Http;
using Squall.Web;

namespace Squall.Hosting;

/// <summary>
/// Reads the <c>Squall</c> configuration section into <see cref="SquallOptions"/>. The binder's source generator binds
/// plain data only, and the settings classes also hold code (<see cref="HttpServerSettings.SslOptions"/>, loggers, a
/// handler factory), so each section is bound through a view below whose properties read and write the settings
/// object itself: a key the configuration has overwrites the option, a key it lacks leaves the option as the code
/// set it.
/// </summary>
internal static class SquallConfiguration
{
    public static void Apply(IConfiguration configuration, SquallOptions options)
    {
        var section = configuration.GetSection(SquallOptions.SectionName);
        section.Bind(new ListenView(options));
        section.GetSection("Server").Bind(new ServerView(options.Server));
        section.GetSection("Application").Bind(new ApplicationView(options.Application));
    }

    /// <summary>The listening keys of <c>Squall</c>.</summary>
    internal sealed class ListenView(SquallOptions o)
    {
        public int Port { get => o.Port; set => o.Port = value; }

        public string Address { get => o.Address; set => o.Address = value; }

        public int Loops { get => o.Loops; set => o.Loops = value; }

        public TimeSpan ShutdownTimeout { get => o.ShutdownTimeout; set => o.ShutdownTimeout = value; }
    }

    /// <summary>The plain keys of <c>Squall:Server</c> (<see cref="HttpServerSettings"/> without its TLS options).</summary>
    internal sealed class ServerView(HttpServerSettings s)
    {
        public bool XHeaders { get => s.XHeaders; set => s.XHeaders = value; }

        public int MaxHeaderSize { get => s.MaxHeaderSize; set => s.MaxHeaderSize = value; }

        public long MaxBodySize { get => s.MaxBodySize; set => s.MaxBodySize = value; }

        public TimeSpan IdleConnectionTimeout { get => s.IdleConnectionTimeout; set => s.IdleConnectionTimeout = value; }

        public TimeSpan HeaderTimeout { get => s.HeaderTimeout; set => s.HeaderTimeout = value; }

        public TimeSpan BodyTimeout { get => s.BodyTimeout; set => s.BodyTimeout = value; }

        public bool DecompressRequest { get => s.DecompressRequest; set => s.DecompressRequest = value; }

        public string? ServerHeader { get => s.ServerHeader; set => s.ServerHeader = value; }

        public TimeSpan HandshakeTimeout { get => s.HandshakeTimeout; set => s.HandshakeTimeout = value; }

        public int Backlog { get => s.Backlog; set => s.Backlog = value; }

        public TimeSpan? CompactMemoryWhenIdle { get => s.CompactMemoryWhenIdle; set => s.CompactMemoryWhenIdle = value; }
    }

    /// <summary>The keys of <c>Squall:Application</c>: every <see cref="ApplicationSettings"/> member that is plain data.</summary>
    internal sealed class ApplicationView(ApplicationSettings a)
    {
        public bool Debug { get => a.Debug; set => a.Debug = value; }

        public bool CompressResponse { get => a.CompressResponse; set => a.CompressResponse = value; }

        public int CompressMinLength { get => a.CompressMinLength; set => a.CompressMinLength = value; }

        public string? StaticPath { get => a.StaticPath; set => a.StaticPath = value; }

        public string StaticUrlPrefix { get => a.StaticUrlPrefix; set => a.StaticUrlPrefix = value; }

        public string? CookieSecret { get => a.CookieSecret; set => a.CookieSecret = value; }

        public bool XsrfCookies { get => a.XsrfCookies; set => a.XsrfCookies = value; }

        public TimeSpan? WebSocketPingInterval { get => a.WebSocketPingInterval; set => a.WebSocketPingInterval = value; }

        public TimeSpan? WebSocketPingTimeout { get => a.WebSocketPingTimeout; set => a.WebSocketPingTimeout = value; }

        public long WebSocketMaxMessageSize { get => a.WebSocketMaxMessageSize; set => a.WebSocketMaxMessageSize = value; }

        public TimeSpan WebSocketCloseTimeout { get => a.WebSocketCloseTimeout; set => a.WebSocketCloseTimeout = value; }
    }
}
