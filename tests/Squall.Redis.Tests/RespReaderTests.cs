using System.Text;

namespace Squall.Redis.Tests;

/// <summary>The RESP2 reply parser: whole replies, replies cut anywhere, and bytes that are not RESP.</summary>
public sealed class RespReaderTests
{
    [Theory]
    [InlineData("+OK\r\n", "OK")]
    [InlineData(":42\r\n", "42")]
    [InlineData(":-7\r\n", "-7")]
    [InlineData("$5\r\nhello\r\n", "hello")]
    [InlineData("$0\r\n\r\n", "")]
    [InlineData("$-1\r\n", "(nil)")]
    [InlineData("*-1\r\n", "(nil)")]
    [InlineData("*3\r\n$7\r\nmessage\r\n$4\r\nroom\r\n$2\r\nhi\r\n", "[message, room, hi]")]
    [InlineData("*2\r\n*1\r\n:1\r\n$4\r\na\r\nb\r\n", "[[1], a\r\nb]")]
    [InlineData("-ERR unknown command\r\n", "ERR unknown command")]
    public void ParsesWholeReplies(string wire, string expected)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(wire);
        Assert.True(RespReader.TryRead(bytes, out var value, out int consumed));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(expected, value.ToString());
    }

    [Fact]
    public void AReplyCutAtEveryByteIsIncompleteUntilItsLastByte()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("*3\r\n$7\r\nmessage\r\n$4\r\nroom\r\n$12\r\nhello\r\nworld\r\n");
        for (int cut = 0; cut < bytes.Length; cut++)
            Assert.False(RespReader.TryRead(bytes.AsSpan(0, cut), out _, out _), $"complete after {cut} bytes");
        Assert.True(RespReader.TryRead(bytes, out var value, out int consumed));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal("hello\r\nworld", value.Items![2].Text);
    }

    [Fact]
    public void TwoRepliesInOneBufferAreReadOneAtATime()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(":1\r\n:2\r\n");
        Assert.True(RespReader.TryRead(bytes, out var first, out int consumed));
        Assert.Equal((1L, 4), (first.Integer, consumed));
        Assert.True(RespReader.TryRead(bytes.AsSpan(consumed), out var second, out _));
        Assert.Equal(2L, second.Integer);
    }

    [Theory]
    [InlineData("?what\r\n")]
    [InlineData(":12x\r\n")]
    [InlineData("+OK\n")]
    [InlineData("$3\r\nabcd\r\n")]
    [InlineData("$-2\r\n")]
    [InlineData("*-5\r\n")]
    [InlineData("$999999999999\r\n")]
    [InlineData("\r\n")]
    public void BytesThatAreNotRespAreAProtocolError(string wire) =>
        Assert.Throws<RedisProtocolException>(() => RespReader.TryRead(Encoding.UTF8.GetBytes(wire), out _, out _));

    [Fact]
    public void NestingBeyondTheLimitIsAProtocolError()
    {
        string wire = string.Concat(Enumerable.Repeat("*1\r\n", RespReader.MaxDepth + 1)) + ":1\r\n";
        Assert.Throws<RedisProtocolException>(() => RespReader.TryRead(Encoding.UTF8.GetBytes(wire), out _, out _));
    }

    [Fact]
    public void CommandsAreEncodedAsArraysOfBulkStrings()
    {
        var arguments = RespWriter.Encode(["PUBLISH", "room", "héllo"]);
        var buffer = new byte[RespWriter.Measure(arguments)];
        Assert.Equal(buffer.Length, RespWriter.Write(buffer, arguments));
        Assert.Equal("*3\r\n$7\r\nPUBLISH\r\n$4\r\nroom\r\n$6\r\nhéllo\r\n", Encoding.UTF8.GetString(buffer));
    }
}
