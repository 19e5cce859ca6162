using System.Text;
using Microsoft.Extensions.Logging;
using Squall.Redis.Tests.Support;

namespace Squall.Redis.Tests;

/// <summary>Two nodes' buses on one real redis-server: fan-out, order, and recovery after Redis restarts.</summary>
public sealed class RedisMessageBusTests : LoopTest
{
    private readonly RedisServer _redis = RedisServer.Start();
    private readonly List<RedisMessageBus> _buses = new();

    public override void Dispose()
    {
        foreach (var bus in _buses) bus.Dispose();
        _redis.Dispose();
        base.Dispose();
    }

    private sealed class Node
    {
        public required RedisMessageBus Bus { get; init; }
        public List<string> Received { get; } = new();
        public Future Connected { get; set; } = new();
        public Future Disconnected { get; set; } = new();
        public Future? ReceivedAll { get; set; }
        public int Expected { get; set; }
    }

    private Node StartNode()
    {
        var options = RedisMessageBusOptions.Parse(_redis.Endpoint);
        options.Logger = Log;
        options.MinReconnectDelay = TimeSpan.FromMilliseconds(20);
        var node = new Node { Bus = new RedisMessageBus(options) };
        _buses.Add(node.Bus);
        node.Bus.Subscribe("room", payload =>
        {
            node.Received.Add(Encoding.UTF8.GetString(payload.Span));
            if (node.Received.Count == node.Expected) node.ReceivedAll?.TrySetResult();
        });
        node.Bus.Connected += () => node.Connected.TrySetResult();
        node.Bus.Disconnected += () => node.Disconnected.TrySetResult();
        node.Bus.Start();
        return node;
    }

    private static void Expect(Node node, int count)
    {
        node.Expected = node.Received.Count + count;
        node.ReceivedAll = new Future();
    }

    [Fact]
    public void EveryNodeGetsEveryMessageOnceInTheSameOrder() => Run(async () =>
    {
        var a = StartNode();
        var b = StartNode();
        await Gen.Multi([a.Connected, b.Connected]);
        Expect(a, 100);
        Expect(b, 100);
        var published = new List<Future>();
        for (int i = 0; i < 50; i++)
        {
            published.Add(a.Bus.Publish("room", Encoding.UTF8.GetBytes($"a{i}")));
            published.Add(b.Bus.Publish("room", Encoding.UTF8.GetBytes($"b{i}")));
        }
        await Gen.Multi(published);
        await Gen.Multi([a.ReceivedAll!, b.ReceivedAll!]);

        Assert.Equal(a.Received, b.Received); // Redis's order, the same on every node
        Assert.Equal(100, a.Received.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"a{i}"), a.Received.Where(m => m[0] == 'a'));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"b{i}"), a.Received.Where(m => m[0] == 'b'));
    });

    [Fact]
    public void AfterRedisRestartsTheNodesResubscribeAndMessagesFlowAgain() => Run(async () =>
    {
        var a = StartNode();
        var b = StartNode();
        await Gen.Multi([a.Connected, b.Connected]);

        _redis.Kill();
        await Gen.Multi([a.Disconnected, b.Disconnected]);
        Assert.False(a.Bus.IsConnected);
        // While Redis is away, publishing fails at once: the caller serves its local clients instead.
        await Assert.ThrowsAsync<RedisException>(() => a.Bus.Publish("room", "lost"u8.ToArray()).AsTask());
        Assert.Contains(Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Lost the connection to Redis"));

        a.Connected = new Future();
        b.Connected = new Future();
        _redis.Restart();
        await Gen.Multi([a.Connected, b.Connected]);
        Assert.Equal((2, 2), (a.Bus.ConnectionCount, b.Bus.ConnectionCount));

        Expect(a, 1);
        Expect(b, 1);
        await b.Bus.Publish("room", "back"u8.ToArray());
        await Gen.Multi([a.ReceivedAll!, b.ReceivedAll!]);
        Assert.Equal(["back"], a.Received);
        Assert.Equal(["back"], b.Received);
    });

    [Theory]
    [InlineData("127.0.0.1:6380", "127.0.0.1", 6380)]
    [InlineData("redis.internal", "redis.internal", 6379)]
    [InlineData("[::1]:7000", "::1", 7000)]
    public void EndpointsParse(string endpoint, string host, int port)
    {
        var options = RedisMessageBusOptions.Parse(endpoint);
        Assert.Equal((host, port), (options.Host, options.Port));
    }

    [Theory]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("::1")]
    public void BadEndpointsSayHowToWriteThem(string endpoint) =>
        Assert.Throws<FormatException>(() => RedisMessageBusOptions.Parse(endpoint));
}
