using Squall.Redis.Tests.Support;

namespace Squall.Redis.Tests;

/// <summary>The RESP client against a real redis-server: replies in order, errors, and a server that dies.</summary>
public sealed class RedisConnectionTests : LoopTest
{
    private readonly RedisServer _redis = RedisServer.Start();

    public override void Dispose()
    {
        _redis.Dispose();
        base.Dispose();
    }

    [Fact]
    public void PipelinedCommandsGetTheirOwnRepliesInOrder() => Run(async () =>
    {
        using var redis = await RedisConnection.Connect("127.0.0.1", _redis.Port);
        Assert.Equal("OK", (await redis.Execute("SET", "greeting", "héllo")).Text);
        // 100 commands issued before any reply: one send, and each future gets its own reply.
        var increments = Enumerable.Range(0, 100).Select(_ => redis.Execute("INCR", "counter")).ToList();
        var values = await Gen.Multi(increments);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), values.Select(v => v.Integer));
        var greeting = await redis.Execute("GET", "greeting");
        Assert.Equal((RespKind.BulkString, "héllo"), (greeting.Kind, greeting.Text));
        Assert.Equal(RespKind.Null, (await redis.Execute("GET", "missing")).Kind);
        var list = await redis.Execute("LRANGE", "nothing", "0", "-1");
        Assert.Equal((RespKind.Array, 0), (list.Kind, list.Items!.Length));
    });

    [Fact]
    public void AnErrorReplyFailsOnlyItsOwnCommand() => Run(async () =>
    {
        using var redis = await RedisConnection.Connect("127.0.0.1", _redis.Port);
        var bad = redis.Execute("NOSUCHCOMMAND", "x");
        var good = redis.Execute("PING");
        var error = await Assert.ThrowsAsync<RedisServerException>(() => bad.AsTask());
        Assert.StartsWith("ERR unknown command", error.Message);
        Assert.Equal("PONG", (await good).Text);
    });

    [Fact]
    public void CommandsWaitingWhenRedisDiesFailWithTheCause() => Run(async () =>
    {
        using var redis = await RedisConnection.Connect("127.0.0.1", _redis.Port);
        var closed = new Future();
        redis.Closing = () => closed.TrySetResult();
        var blocked = redis.Execute("BLPOP", "never", "0"); // waits in Redis until the server goes away
        _redis.Kill();
        await closed;
        Assert.True(redis.Closed);
        await Assert.ThrowsAsync<RedisException>(() => blocked.AsTask());
        await Assert.ThrowsAsync<RedisException>(() => redis.Execute("PING").AsTask());
    });

    [Fact]
    public void ConnectingToNothingFailsWithARedisException() => Run(async () =>
    {
        _redis.Kill();
        var error = await Assert.ThrowsAsync<RedisException>(() => RedisConnection.Connect("127.0.0.1", _redis.Port).AsTask());
        Assert.Contains($"127.0.0.1:{_redis.Port}", error.Message);
    });
}
