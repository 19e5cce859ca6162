using System.Reflection;
using Microsoft.Extensions.Logging;
using Squall.Http;
using Squall.Web;

namespace Squall.Generators.Tests;

/// <summary>Compiles <see cref="HandlerSources.AllShapes"/>, then runs its generated table and dispatch.</summary>
public sealed class DispatchTests
{
    private static readonly Lazy<Assembly> Compiled = new(() =>
    {
        var output = GeneratorHarness.Run(HandlerSources.AllShapes);
        return GeneratorHarness.Load(output.Compilation);
    });

    private static RouteTable Table =>
        (RouteTable)Compiled.Value.GetType("Squall.Generated.Routes")!.GetProperty("Table")!.GetValue(null)!;

    private static (RecordingConnection Response, NullLogger Log) Send(string method, string uri)
    {
        var log = new NullLogger();
        var app = new Application(Table, new ApplicationSettings { Logger = log });
        var connection = new RecordingConnection();
        var request = new HttpServerRequest(connection) { Method = method, Uri = uri };
        var future = ((IHttpHandler)app).RequestReceived(request);
        Assert.True(future.IsDone, "a synchronous handler completes synchronously");
        future.ThrowIfFailed();
        Assert.True(connection.Finished);
        return (connection, log);
    }

    [Theory]
    [InlineData("/", "App.MainHandler")]
    [InlineData("/users/42", "App.UserHandler")]
    [InlineData("/users/-7", "App.UserHandler")]
    [InlineData("/users/me", "App.MeHandler")]
    [InlineData("/users/bob", "App.UserByNameHandler")]
    [InlineData("/users/99999999999", "App.UserByNameHandler")]
    [InlineData("/people/1/posts", "App.UserHandler")]
    [InlineData("/items/5/true/3f2504e0-4f89-11d3-9a0c-0305e82c3301", "App.ItemHandler")]
    [InlineData("/files/", "App.FilesHandler")]
    [InlineData("/files/a/b/c.txt", "App.FilesHandler")]
    [InlineData("/archive/2024/june", "App.ArchiveHandler")]
    [InlineData("/archive/2024/", "App.ArchiveHandler")]
    [InlineData("/nested/x", "App.Outer.NestedHandler")]
    public void Matches(string path, string handler)
    {
        var values = default(RouteValues);
        var entry = Table.Match(path, ref values);
        Assert.NotNull(entry);
        Assert.Equal(handler, entry.HandlerName);
    }

    [Theory]
    [InlineData("/users")]
    [InlineData("/users/")]
    [InlineData("/users/1/2")]
    [InlineData("/items/5/maybe/3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("/items/x/true/3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("/items/5/true/not-a-guid")]
    [InlineData("/files")]
    [InlineData("/archive/24/june")]
    [InlineData("/archive/2024/june/extra")]
    [InlineData("")]
    [InlineData("nope")]
    public void DoesNotMatch(string path)
    {
        var values = default(RouteValues);
        Assert.Null(Table.Match(path, ref values));
    }

    [Theory]
    [InlineData("GET", "/", "main")]
    [InlineData("GET", "/users/42", "user 42 profile")]
    [InlineData("GET", "/people/7/posts", "user 7 posts")]
    [InlineData("POST", "/users/42", "posted 42")]
    [InlineData("GET", "/users/me", "me")]
    [InlineData("GET", "/users/b%C3%B6b", "name böb")]
    [InlineData("GET", "/items/9000000000/TRUE/3f2504e0-4f89-11d3-9a0c-0305e82c3301", "item 9000000000 True 3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("GET", "/files/a/b%20c.txt", "file a/b c.txt")]
    [InlineData("GET", "/files/", "file ")]
    [InlineData("GET", "/archive/2024/june", "archive 2024 june")]
    [InlineData("GET", "/archive/2024/", "archive 2024 -")]
    [InlineData("GET", "/nested/x?q=1", "nested x")]
    public void BindsRouteValuesToVerbParameters(string method, string uri, string body)
    {
        var (response, _) = Send(method, uri);
        Assert.Equal(200, response.Status);
        Assert.Equal(body, response.Body);
    }

    [Fact]
    public void NoRouteIs404()
    {
        var (response, log) = Send("GET", "/missing");
        Assert.Equal(404, response.Status);
        Assert.Contains("404: Not Found", response.Body);
        Assert.Contains(log.Lines, l => l.Contains("404 GET /missing"));
    }

    [Fact]
    public void UnimplementedVerbIs405WithAllow()
    {
        var (response, _) = Send("DELETE", "/users/1");
        Assert.Equal(405, response.Status);
        Assert.Equal("GET, POST", response.Headers["Allow"]);
        var (unknown, _) = Send("BREW", "/");
        Assert.Equal(405, unknown.Status);
        Assert.Equal("GET", unknown.Headers["Allow"]);
    }

    [Fact]
    public void ExceptionIs500AndLogged()
    {
        var (response, log) = Send("GET", "/boom");
        Assert.Equal(500, response.Status);
        Assert.DoesNotContain("boom", response.Body);
        Assert.Contains(log.Lines, l => l.Contains("Uncaught exception GET /boom") && l.Contains("InvalidOperationException"));
    }

    [Fact]
    public void HttpErrorAnswersItsStatus()
    {
        var (response, log) = Send("DELETE", "/boom");
        Assert.Equal(409, response.Status);
        Assert.Contains(log.Lines, l => l.Contains("conflict here"));
    }

    [Fact]
    public void PrepareThatFinishesSkipsTheVerb()
    {
        var (response, _) = Send("GET", "/guarded");
        Assert.Equal(403, response.Status);
        Assert.Equal("no", response.Body);
    }

    [Fact]
    public void UrlBuildersBuildAndEscape()
    {
        var urls = Compiled.Value.GetType("Squall.Generated.Urls")!;
        string Call(string name, params object[] args) =>
            (string)urls.GetMethod(name, args.Select(a => a.GetType()).ToArray())!.Invoke(null, args)!;
        Assert.Equal("/", Call("Main"));
        Assert.Equal("/users/5", Call("User", 5));
        Assert.Equal("/people/5/a%20b%2Fc", Call("UserTab", 5, "a b/c"));
        Assert.Equal("/users/b%C3%B6b", Call("UserByName", "böb"));
        Assert.Equal("/files/a/b%20c.txt", Call("Files", "a/b c.txt"));
        Assert.Equal("/items/-3/false/3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            Call("Item", -3L, false, Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301")));
        Assert.Null(urls.GetMethod("Archive"));
    }

    internal sealed class NullLogger : ILogger
    {
        public List<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception) + (exception is null ? "" : " " + exception));
    }
}
