namespace Squall.Redis;

/// <summary>The RESP2 reply types (the first byte of a reply).</summary>
public enum RespKind : byte
{
    /// <summary><c>+OK</c></summary>
    SimpleString,
    /// <summary><c>-ERR ...</c>: <see cref="RedisConnection.Execute(string[])"/> turns it into a <see cref="RedisServerException"/>.</summary>
    Error,
    /// <summary><c>:42</c></summary>
    Integer,
    /// <summary><c>$3\r\nabc</c></summary>
    BulkString,
    /// <summary><c>*2\r\n...</c></summary>
    Array,
    /// <summary><c>$-1</c> or <c>*-1</c></summary>
    Null,
}
