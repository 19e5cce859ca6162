using Microsoft.Extensions.Logging;
using Squall.Http;
using Squall.Testing;

namespace Squall.Web.Tests;

/// <summary>One test server for the class: the generated routes of this assembly, XSRF on, a cookie secret.</summary>
public sealed class WebServerFixture : IDisposable
{
    public WebServerFixture()
    {
        Server = new AsyncHttpTestServer(Squall.Generated.Routes.Table,
            new ApplicationSettings { CookieSecret = "test-secret-0123456789", Logger = Log, CompressResponse = true },
            new HttpServerSettings { MaxBodySize = 512L * 1024 * 1024 });
    }

    public ListLogger Log { get; } = new();

    public AsyncHttpTestServer Server { get; }

    public void Dispose() => Server.Dispose();
}

/// <summary>Captures log lines (thread-safe: the loop thread writes, the test thread reads).</summary>
public sealed class ListLogger : ILogger
{
    private readonly List<string> _lines = new();

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines) return _lines.ToArray();
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines) _lines.Add(logLevel + " " + formatter(state, exception) + (exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message));
    }
}
