namespace Squall.Web.Tests;

/// <summary>A regex route with exponential backtracking (ReDoS): its match timeout keeps the loop serving.</summary>
[Route(Regex = "/redos/(a|aa)+b")]
public sealed class BacktrackingRegexHandler : RequestHandler
{
    public void Get(string last) => Write("matched " + last);
}

/// <summary>A hostile path for a backtracking regex route over real sockets: 404 and a warning, then business as usual.</summary>
public sealed class RegexRouteTests : IClassFixture<WebServerFixture>
{
    private readonly WebServerFixture _fixture;

    public RegexRouteTests(WebServerFixture fixture) => _fixture = fixture;

    [Fact]
    public void HostilePathIs404WithAWarningAndTheServerKeepsServing()
    {
        // 60 a's and no 'b': about 1.5e12 ways to split the run; only the route's match timeout ends it.
        string path = "/redos/" + new string('a', 60) + "!";
        var hostile = _fixture.Server.Fetch(path);
        Assert.Equal(404, hostile.Code);
        Assert.Contains(_fixture.Log.Lines, l => l.StartsWith($"Warning 404 GET {path}: route regex", StringComparison.Ordinal) && l.Contains("timed out after 200 ms"));

        Assert.Equal("matched a", _fixture.Server.Fetch("/redos/aaaab").Text); // the last repetition took one a
        Assert.Equal("Hello", _fixture.Server.Fetch("/hello").Text);
    }
}
