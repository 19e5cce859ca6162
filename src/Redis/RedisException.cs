namespace Squall.Redis;

/// <summary>A Redis command could not be carried out: the connection failed or closed before its reply.</summary>
public class RedisException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedisException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>Redis answered the command with an error reply (<c>-ERR ...</c>).</summary>
public sealed class RedisServerException : RedisException
{
    /// <summary>Creates the exception with the server's error text.</summary>
    public RedisServerException(string message) : base(message) { }
}

/// <summary>The bytes from the server are not RESP: the connection is closed, since nothing after them can be trusted.</summary>
public sealed class RedisProtocolException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisProtocolException(string message) : base(message) { }
}
