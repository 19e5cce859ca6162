using System.Net.Sockets;
using Squall.IO;

namespace Squall.Redis;

/// <summary>
/// One connection to Redis on the loop: commands are written in order and their replies complete their futures in
/// the same order (RESP pipelining), so a node can send many commands without waiting. Commands issued in one loop
/// iteration leave in one send. In subscriber mode (after <see cref="Subscribe"/>) every pushed message goes to the
/// push callback instead. Loop-thread only.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly IOStream _stream;
    private readonly Queue<Future<RespValue>> _pending = new();
    private Action<RespValue>? _push;
    private readonly Action _flushCommands;
    private bool _flushScheduled;
    private Exception? _closeReason;

    private RedisConnection(IOStream stream)
    {
        _stream = stream;
        _flushCommands = FlushCommands;
        _stream.SetCloseCallback(OnStreamClosed);
        Loop.SpawnCallback(ReadReplies);
    }

    /// <summary>Connects to Redis at <paramref name="host"/>:<paramref name="port"/> on the current loop.</summary>
    public static async Future<RedisConnection> Connect(string host, int port, TimeSpan? timeout = null)
    {
        IOStream stream;
        try
        {
            stream = await Squall.IO.TcpClient.Connect(host, port, timeout ?? TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is SocketException or TimeoutException or StreamClosedException)
        {
            throw new RedisException($"Cannot connect to Redis at {host}:{port}: {e.Message}", e);
        }
        stream.Socket.NoDelay = true;
        return new RedisConnection(stream);
    }

    /// <summary>The loop this connection lives on.</summary>
    public IOLoop Loop => _stream.Loop;

    /// <summary>True once the connection has closed (by either side or after an error); every later command fails.</summary>
    public bool Closed => _stream.Closed;

    /// <summary>Why the connection closed, when it was not an orderly <see cref="Dispose"/>.</summary>
    public Exception? CloseReason => _closeReason;

    /// <summary>Runs once when the connection closes, after the pending commands have failed.</summary>
    public Action? Closing { get; set; }

    /// <summary>Sends a command given as text arguments (<c>"PUBLISH", "room", "hi"</c>).</summary>
    public Future<RespValue> Execute(params string[] arguments) => Execute(RespWriter.Encode(arguments));

    /// <summary>
    /// Sends a command; the future completes with its reply, fails with <see cref="RedisServerException"/> on an
    /// error reply and with <see cref="RedisException"/> when the connection closes first.
    /// </summary>
    public Future<RespValue> Execute(params ReadOnlySpan<ReadOnlyMemory<byte>> arguments)
    {
        if (_push is not null) throw new InvalidOperationException("A subscribed connection only takes SUBSCRIBE and UNSUBSCRIBE.");
        if (!Send(arguments)) return Future.FromException<RespValue>(ClosedError());
        var reply = new Future<RespValue>();
        _pending.Enqueue(reply);
        return reply;
    }

    /// <summary>
    /// Subscribes to <paramref name="channels"/> (none: only enters subscriber mode): from now on the connection is in subscriber mode and every reply
    /// Redis pushes (<c>["subscribe", channel, n]</c> confirmations and <c>["message", channel, payload]</c>) goes to
    /// <paramref name="push"/>, in the order Redis sent them.
    /// </summary>
    public void Subscribe(Action<RespValue> push, params string[] channels)
    {
        ArgumentNullException.ThrowIfNull(push);
        if (_pending.Count > 0) throw new InvalidOperationException("Commands are still waiting for replies.");
        _push = push;
        if (channels.Length == 0) return;
        var arguments = new string[channels.Length + 1];
        arguments[0] = "SUBSCRIBE";
        channels.CopyTo(arguments, 1);
        if (!Send(RespWriter.Encode(arguments))) throw ClosedError();
    }

    /// <summary>Closes the connection; commands still waiting fail.</summary>
    public void Dispose() => _stream.Close();

    private bool Send(ReadOnlySpan<ReadOnlyMemory<byte>> arguments)
    {
        if (_stream.Closed) return false;
        int size = RespWriter.Measure(arguments);
        _stream.Advance(RespWriter.Write(_stream.GetSpan(size), arguments));
        if (!_flushScheduled)
        {
            // Commands issued in the same iteration (RPUSH, LTRIM, PUBLISH) leave together in one send.
            _flushScheduled = true;
            Loop.AddCallback(_flushCommands);
        }
        return true;
    }

    private void FlushCommands()
    {
        _flushScheduled = false;
        _stream.FlushPending();
    }

    private async Future ReadReplies()
    {
        try
        {
            while (true)
            {
                while (RespReader.TryRead(_stream.Buffered.Span, out var reply, out int consumed))
                {
                    _stream.Consume(consumed);
                    Deliver(reply);
                }
                await _stream.WaitForData();
            }
        }
        catch (StreamClosedException)
        {
            // OnStreamClosed fails what is pending.
        }
        catch (RedisProtocolException e)
        {
            _closeReason = e;
            _stream.Close(e);
        }
    }

    private void Deliver(RespValue reply)
    {
        if (_push is not null)
        {
            _push(reply);
            return;
        }
        if (!_pending.TryDequeue(out var waiter))
        {
            _closeReason = new RedisProtocolException("A reply arrived for no command.");
            _stream.Close(_closeReason);
            return;
        }
        if (reply.Kind == RespKind.Error) waiter.SetException(new RedisServerException(reply.Text ?? "ERR"));
        else waiter.SetResult(reply);
    }

    private void OnStreamClosed()
    {
        _closeReason ??= _stream.Error;
        while (_pending.TryDequeue(out var waiter)) waiter.TrySetException(ClosedError());
        Closing?.Invoke();
    }

    private RedisException ClosedError() =>
        new("The connection to Redis is closed" + (_closeReason is null ? "." : $": {_closeReason.Message}"), _closeReason);
}
