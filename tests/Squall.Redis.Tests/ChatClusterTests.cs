using System.Net;
using Squall.Redis.Tests.Support;

namespace Squall.Redis.Tests;

/// <summary>
/// Three Chat nodes (real processes) sharing messages over a real redis-server, behind a real nginx using the
/// shipped configuration: every client on every node gets every message once, in one order; a node killed with
/// SIGKILL or a Redis restart does not stop the others.
/// </summary>
public sealed class ChatClusterTests : IDisposable
{
    private readonly RedisServer _redis = RedisServer.Start();
    private readonly List<ChatNode> _nodes = new();
    private readonly List<IDisposable> _others = new();
    private Nginx? _nginx;

    private void StartCluster(int nodes = 3)
    {
        for (int i = 0; i < nodes; i++) _nodes.Add(ChatNode.Start(_redis.Endpoint, $"chat-node-{i + 1}"));
        _nginx = Nginx.Start(_nodes.Select(n => n.Port));
    }

    private async Task<ChatClient> Join(string baseUrl, IPAddress? localAddress = null, string query = "")
    {
        var client = await ChatClient.Join(baseUrl, localAddress, query);
        _others.Add(client);
        return client;
    }

    public void Dispose()
    {
        foreach (var other in _others) other.Dispose();
        _nginx?.Dispose();
        foreach (var node in _nodes) node.Dispose();
        _redis.Dispose();
    }

    [Fact]
    public async Task LongPollingClientsOnDifferentNodesGetEveryMessageOnceInOneOrder()
    {
        StartCluster();
        var clients = new List<ChatClient>();
        foreach (var node in _nodes) clients.Add(await Join(node.BaseUrl));
        clients.Add(await Join(_nginx!.BaseUrl));
        var receiving = clients.Select(c => c.Receive(10)).ToList();

        // Two senders on two nodes, each posting in its own order, concurrently.
        async Task<List<string>> Send(ChatClient sender, string prefix)
        {
            var bodies = new List<string>();
            for (int i = 0; i < 5; i++)
            {
                string body = $"{prefix} {i} <b>&";
                await sender.Post(body);
                bodies.Add(body);
            }
            return bodies;
        }
        var sent = await Task.WhenAll(Send(clients[0], "alice"), Send(clients[1], "bob"));
        var received = await Task.WhenAll(receiving);

        foreach (var list in received)
        {
            Assert.Equal(10, list.Count);
            Assert.Equal(10, list.Select(m => m.Id).Distinct().Count());
            Assert.Equal(sent[0], list.Select(m => m.Body).Where(b => b.StartsWith("alice", StringComparison.Ordinal)));
            Assert.Equal(sent[1], list.Select(m => m.Body).Where(b => b.StartsWith("bob", StringComparison.Ordinal)));
            Assert.Equal(received[0], list); // the order Redis delivered, on every node
        }

        // A page loaded from any node shows the same history, HTML-escaped.
        foreach (var client in clients)
        {
            await client.Reload();
            Assert.Contains("alice 4 &lt;b&gt;&amp;", client.Page);
            Assert.Equal(received[0][^1].Id, client.Cursor);
        }
    }

    [Fact]
    public async Task WebSocketAndLongPollingClientsOnEveryNodeShareOneRoom()
    {
        StartCluster();
        var sockets = new List<ChatSocket>();
        foreach (var node in _nodes) sockets.Add(await ChatSocket.Connect(node.BaseUrl));
        // Through nginx as a browser page on nginx's origin would connect (Upgrade passed through, Host kept).
        for (int i = 0; i < 2; i++) sockets.Add(await ChatSocket.Connect(_nginx!.BaseUrl, origin: _nginx.BaseUrl));
        _others.AddRange(sockets);
        var poller = await Join(_nodes[2].BaseUrl);
        var receiving = sockets.Select(s => s.Receive(6)).ToList();
        var polled = poller.Receive(6);

        for (int i = 0; i < 5; i++) await sockets[0].Send($"socket {i}");
        await (await Join(_nodes[1].BaseUrl)).Post("from a form");

        var received = await Task.WhenAll(receiving);
        foreach (var list in received.Append(await polled))
        {
            Assert.Equal(6, list.Select(m => m.Id).Distinct().Count());
            Assert.Equal(Enumerable.Range(0, 5).Select(i => $"socket {i}"), list.Select(m => m.Body).Where(b => b.StartsWith("socket", StringComparison.Ordinal)));
            Assert.Contains(list, m => m.Body == "from a form");
            Assert.Equal(received[0], list);
        }
    }

    [Fact]
    public async Task NginxSpreadsClientsOverTheNodesAndTheNodesSeeTheClientsAddress()
    {
        StartCluster();
        var marks = _nodes.Select(n => n.Process.LineCount).ToList();
        // From 127.0.0.2, so the address the nodes log can only have come from nginx's X-Real-IP (XHeaders).
        var client = IPAddress.Parse("127.0.0.2");
        for (int i = 0; i < 6; i++) await Join(_nginx!.BaseUrl, client, $"?probe={i}");
        for (int n = 0; n < _nodes.Count; n++)
            _nodes[n].Process.WaitForLine(l => l.Contains("GET /?probe=", StringComparison.Ordinal) && l.Contains("(127.0.0.2)", StringComparison.Ordinal),
                marks[n], "a probe request from 127.0.0.2");
    }

    [Fact]
    public async Task ANodeKilledWithSigkillLeavesTheOthersChattingAndNewClientsLandOnLiveNodes()
    {
        StartCluster();
        var alice = await Join(_nodes[0].BaseUrl);
        var carol = await Join(_nodes[2].BaseUrl);
        var doomed = await Join(_nodes[1].BaseUrl);
        var lost = doomed.Receive(1);
        _nodes[1].Kill();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => lost);

        var carolGets = carol.Receive(1);
        await alice.Post("still here");
        Assert.Equal("still here", Assert.Single(await carolGets).Body);

        // nginx skips the dead node: every new client gets the page, and sees the message.
        for (int i = 0; i < 4; i++)
        {
            var late = await Join(_nginx!.BaseUrl);
            Assert.Contains("still here", late.Page);
        }
    }

    [Fact]
    public async Task AfterRedisRestartsMessagesFlowAcrossNodesAgainAndNoNodeDied()
    {
        StartCluster();
        var alice = await Join(_nodes[0].BaseUrl);
        var bob = await Join(_nodes[1].BaseUrl);

        _redis.Kill();
        // While Redis is away each node still serves its own clients.
        var aliceAlone = alice.Receive(1);
        await alice.Post("local only");
        Assert.Equal("local only", Assert.Single(await aliceAlone).Body);

        _redis.Restart();
        foreach (var node in _nodes) node.WaitForRedis(2);

        var bobGets = bob.Receive(1);
        var carolGets = (await Join(_nodes[2].BaseUrl)).Receive(1);
        await alice.Post("across again");
        Assert.Equal("across again", Assert.Single(await bobGets).Body);
        Assert.Equal("across again", Assert.Single(await carolGets).Body);
        Assert.All(_nodes, n => Assert.False(n.Process.HasExited));
    }
}
