using Squall.TestSupport;

namespace Squall.Hosting.Tests;

internal static class Connections
{
    /// <summary>Opens keep-alive connections until every loop serves one (the sample's <c>/loop</c> names it).</summary>
    public static Dictionary<string, KeepAliveClient> OnEveryLoop(int port, int loops, List<KeepAliveClient> all)
    {
        var byLoop = new Dictionary<string, KeepAliveClient>();
        // The listener is picked by a hash of the connection's addresses: 64 tries all landing on one of 2 loops has
        // probability 2^-63.
        while (byLoop.Count < loops && all.Count < 64)
        {
            var client = new KeepAliveClient(port);
            all.Add(client);
            byLoop.TryAdd(client.Get("/loop"), client);
        }
        Assert.Equal(loops, byLoop.Count);
        return byLoop;
    }
}
