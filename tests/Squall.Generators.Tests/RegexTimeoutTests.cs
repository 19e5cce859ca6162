using System.Reflection;
using Squall.Http;
using Squall.Web;

namespace Squall.Generators.Tests;

/// <summary>
/// A regex route that backtracks exponentially on a hostile path (ReDoS) is cut off by its match timeout and answered
/// as "no route": 404 with a warning that names the pattern, and the application keeps serving.
/// </summary>
public sealed class RegexTimeoutTests
{
    private const string Source = GeneratorHarness.Usings + """
        namespace Slow;

        // (a|aa)+ splits a run of a's in exponentially many ways; without a 'b' at the end every split is tried.
        [Route(Regex = "/slow/(a|aa)+b")]
        public sealed class SlowHandler : RequestHandler
        {
            public void Get(string last) => Write("slow " + last);
        }

        [Route("/fine")]
        public sealed class FineHandler : RequestHandler
        {
            public void Get() => Write("fine");
        }
        """;

    // 60 a's: about 1.5e12 splits, hours of backtracking: only the timeout can end the match.
    private static readonly string HostilePath = "/slow/" + new string('a', 60) + "!";

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.Load(GeneratorHarness.Run(Source).Compilation));

    private static Application NewApplication(DispatchTests.NullLogger log) =>
        new((RouteTable)Compiled.Value.GetType("Squall.Generated.Routes")!.GetProperty("Table")!.GetValue(null)!,
            new ApplicationSettings { Logger = log });

    private static RecordingConnection Send(Application app, string uri, bool headersFirst)
    {
        var connection = new RecordingConnection();
        var request = new HttpServerRequest(connection) { Method = "GET", Uri = uri };
        if (headersFirst) Assert.Equal(HttpBodyMode.Buffered, ((IHttpHandler)app).HeadersReceived(request));
        var future = ((IHttpHandler)app).RequestReceived(request);
        Assert.True(future.IsDone);
        future.ThrowIfFailed();
        Assert.True(connection.Finished);
        return connection;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HostilePathTimesOutAs404WithOneWarningAndTheAppKeepsServing(bool headersFirst)
    {
        var log = new DispatchTests.NullLogger();
        var app = NewApplication(log);

        var hostile = Send(app, HostilePath, headersFirst);
        Assert.Equal(404, hostile.Status);
        var warning = Assert.Single(log.Lines, l => l.Contains("timed out"));
        Assert.Equal($"404 GET {HostilePath}: route regex '\\A(?:/slow/(a|aa)+b)\\z' timed out after 200 ms on this path; answered as no match", warning);

        Assert.Equal("slow a", Send(app, "/slow/aaab", headersFirst).Body);
        Assert.Equal("fine", Send(app, "/fine", headersFirst).Body);
    }

    [Fact]
    public void GeneratedRegexCarriesTheMatchTimeout()
    {
        var routes = GeneratorHarness.Run(Source).Routes;
        Assert.Contains("RegexOptions.CultureInvariant, global::System.TimeSpan.FromMilliseconds(200))", routes);
    }
}
