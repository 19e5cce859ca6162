using Squall.Testing;

namespace Squall.Web.Tests;

/// <summary>XSRF protection with <c>XsrfCookies</c> on.</summary>
public sealed class XsrfTests : IDisposable
{
    private readonly AsyncHttpTestServer _server = new(Squall.Generated.Routes.Table,
        new ApplicationSettings { CookieSecret = "s", XsrfCookies = true, Logger = new ListLogger() });

    public void Dispose() => _server.Dispose();

    private (string Token, string Cookie) GetToken()
    {
        var r = _server.Fetch("/xsrf");
        string cookie = r.Headers.GetList("Set-Cookie").Single(c => c.StartsWith("_xsrf=", StringComparison.Ordinal)).Split(';')[0];
        return (r.Text, cookie);
    }

    private static KeyValuePair<string, string> Form => new("Content-Type", "application/x-www-form-urlencoded");

    [Fact]
    public void PostWithTokenInFormOrHeaderIsAccepted()
    {
        var (token, cookie) = GetToken();
        var form = _server.Fetch("/xsrf", "POST", "_xsrf=" + Uri.EscapeDataString(token), [Form, new("Cookie", cookie)]);
        Assert.Equal(200, form.Code);
        Assert.Equal("accepted", form.Text);
        var header = _server.Fetch("/xsrf", "POST", "", [new("X-Xsrf-Token", token), new("Cookie", cookie)]);
        Assert.Equal(200, header.Code);
    }

    [Theory]
    [InlineData("X-Xsrftoken")] // Tornado's name: Tornado-style front ends work unchanged
    [InlineData("X-Csrftoken")]
    [InlineData("X-XSRF-TOKEN")] // Angular's
    [InlineData("x-xsrftoken")]
    public void TheTokenIsAcceptedInEveryHeaderTornadoReads(string header)
    {
        var (token, cookie) = GetToken();
        Assert.Equal(200, _server.Fetch("/xsrf", "POST", "", [new(header, token), new("Cookie", cookie)]).Code);
        var (other, _) = GetToken();
        Assert.Equal(403, _server.Fetch("/xsrf", "POST", "", [new(header, other), new("Cookie", cookie)]).Code);
    }

    [Fact]
    public void TokensAreMaskedDifferentlyEachTime()
    {
        var (token, cookie) = GetToken();
        var again = _server.Fetch("/xsrf", headers: [new("Cookie", cookie)]).Text;
        Assert.NotEqual(token, again);
        Assert.Equal(200, _server.Fetch("/xsrf", "POST", "", [new("X-Xsrf-Token", again), new("Cookie", cookie)]).Code);
    }

    [Fact]
    public void PostWithoutOrWithWrongTokenIs403()
    {
        var (_, cookie) = GetToken();
        Assert.Equal(403, _server.Fetch("/xsrf", "POST", "", [new("Cookie", cookie)]).Code);
        var (other, _) = GetToken();
        Assert.Equal(403, _server.Fetch("/xsrf", "POST", "", [new("X-Xsrf-Token", other), new("Cookie", cookie)]).Code);
        Assert.Equal(403, _server.Fetch("/xsrf", "POST", "", [new("X-Xsrf-Token", "garbage")]).Code);
        Assert.Equal(200, _server.Fetch("/xsrf").Code);
    }
}
