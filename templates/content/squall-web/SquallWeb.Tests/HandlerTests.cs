using System.Text;
using Squall.Testing;

namespace SquallWeb.Tests;

/// <summary>
/// The application's handlers served over a real socket: <see cref="AsyncHttpTestServer"/> runs them on 127.0.0.1,
/// port 0, on their own IOLoop thread; every fetch has a timeout.
/// </summary>
public sealed class HandlerTests : IDisposable
{
    private readonly AsyncHttpTestServer _server = new(WebApp.Routes);

    public void Dispose() => _server.Dispose();

    [Fact]
    public void HomePageAnswers()
    {
        var response = _server.Fetch("/");

        Assert.Equal(200, response.Code);
        Assert.StartsWith("Hello from SquallWeb!", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void GreetingIsJson()
    {
        var response = _server.Fetch("/api/greetings/Ada");

        Assert.Equal(200, response.Code);
        Assert.Equal("application/json; charset=UTF-8", response.Headers["Content-Type"]);
        Assert.Equal("""{"message":"Hello, Ada!"}""", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void PostedGreetingIsCreated()
    {
        var response = _server.Fetch("/api/greetings", method: "POST", body: """{"name":"Grace"}""");

        Assert.Equal(201, response.Code);
        Assert.Equal("/api/greetings/Grace", response.Headers["Location"]);
        Assert.Equal("""{"message":"Hello, Grace!"}""", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void MalformedJsonIsABadRequest()
    {
        var response = _server.Fetch("/api/greetings", method: "POST", body: "{not json");

        Assert.Equal(400, response.Code);
    }

    [Fact]
    public void UnknownPathIsNotFound()
    {
        Assert.Equal(404, _server.Fetch("/nowhere").Code);
    }
}
