extern alias HelloWorldSample;
using Squall.Testing;

namespace Squall.Web.Tests;

/// <summary>The HelloWorld sample's routes over sockets, and application settings (Debug, DefaultHandler).</summary>
public sealed class SampleAndSettingsTests
{
    [Fact]
    public void HelloWorldServesItsFourRoutes()
    {
        using var server = new AsyncHttpTestServer(HelloWorldSample::HelloWorld.HelloWorldApp.Routes, new ApplicationSettings { Logger = new ListLogger() });
        Assert.Equal("Hello, world", server.Fetch("/").Text);
        var plain = server.Fetch("/plaintext");
        Assert.Equal("Hello, World!", plain.Text);
        Assert.Equal("text/plain", plain.Headers["Content-Type"]);
        var json = server.Fetch("/json");
        Assert.Equal("{\"message\":\"Hello, World!\"}", json.Text);
        Assert.StartsWith("application/json", json.Headers["Content-Type"]);
        Assert.Equal("{\"id\":5}", server.Fetch("/users/5").Text);
        Assert.Equal(404, server.Fetch("/users/five").Code);
        Assert.Equal("Hello, World!", server.Fetch("/async").Text);
    }

    [Fact]
    public void DebugShowsTheStackTrace()
    {
        using var server = new AsyncHttpTestServer(Squall.Generated.Routes.Table, new ApplicationSettings { Debug = true, Logger = new ListLogger() });
        var r = server.Fetch("/boom");
        Assert.Equal(500, r.Code);
        Assert.Contains("InvalidOperationException: secret detail", r.Text);
        Assert.Contains("BoomHandler.Get", r.Text);
    }

    [Fact]
    public void DefaultHandlerAnswersUnmatchedPaths()
    {
        using var server = new AsyncHttpTestServer(Squall.Generated.Routes.Table,
            new ApplicationSettings { DefaultHandler = () => new ErrorHandler(410), Logger = new ListLogger() });
        Assert.Equal(410, server.Fetch("/nowhere").Code);
        Assert.Equal(200, server.Fetch("/hello").Code);
    }
}
