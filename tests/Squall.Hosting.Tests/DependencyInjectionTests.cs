using System.Text.RegularExpressions;
using Squall.TestSupport;

namespace Squall.Hosting.Tests;

/// <summary>
/// The hosted sample's <c>/stats</c> handler takes a singleton and a scoped service in its constructor: the singleton
/// is one object for every loop, the scoped one is new for every request and disposed when the request completes.
/// </summary>
public sealed partial class DependencyInjectionTests
{
    [GeneratedRegex(@"^hits=(\d+) scope=(\d+) disposed=(\d+)$")]
    private static partial Regex Stats();

    [Fact]
    public void SingletonSpansLoopsScopedServiceIsPerRequestAndDisposedAfterIt()
    {
        using var dir = new TempDirectory();
        using var app = new HostedProcess(dir.Path, null, "--Squall:Port=0", "--Squall:Loops=2");
        int port = app.WaitForPort();
        var all = new List<KeepAliveClient>();
        try
        {
            var byLoop = Connections.OnEveryLoop(port, 2, all);
            int expected = 0;
            // Requests one after another, alternating between the two loops' connections.
            for (int i = 0; i < 3; i++)
            {
                foreach (var client in byLoop.Values)
                {
                    expected++;
                    var m = Stats().Match(client.Get("/stats"));
                    Assert.True(m.Success);
                    Assert.Equal(expected, int.Parse(m.Groups[1].Value)); // one counter for both loops
                    Assert.Equal(expected, int.Parse(m.Groups[2].Value)); // a new scoped object per request
                    Assert.Equal(expected - 1, int.Parse(m.Groups[3].Value)); // every earlier request's scope is disposed
                }
            }
        }
        finally
        {
            foreach (var c in all) c.Dispose();
        }
        app.Terminate();
        Assert.Equal(0, app.WaitForExit());
    }
}
