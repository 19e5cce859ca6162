using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Squall.Http.Tests;

/// <summary>
/// A raw HTTP peer for client tests: it accepts connections on 127.0.0.1:0 and runs one script per connection, in
/// order, on a background thread, so a test can answer with exactly the bytes it wants (malformed heads, a close
/// after reading a request). Every request line read is recorded before the script goes on.
/// </summary>
internal sealed class ScriptedPeer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Thread _thread;
    private readonly List<string> _requests = new();
    private Exception? _failure;

    public ScriptedPeer(params Action<PeerConnection>[] scripts)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _thread = new Thread(() =>
        {
            try
            {
                foreach (var script in scripts)
                {
                    using var socket = _listener.AcceptSocket();
                    Interlocked.Increment(ref _accepted);
                    script(new PeerConnection(socket, this));
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Disposed, or the client went away: the test's assertions tell what mattered.
            }
            catch (Exception e)
            {
                _failure = e;
            }
        }) { IsBackground = true, Name = "ScriptedPeer" };
        _thread.Start();
    }

    private int _accepted;

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    /// <summary>Connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>The request lines read so far, with their headers (<c>GET /a HTTP/1.1\r\nHost: ...</c>).</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests) return _requests.ToArray();
        }
    }

    internal void Record(string head)
    {
        lock (_requests) _requests.Add(head);
    }

    public void Dispose()
    {
        _listener.Stop();
        Assert.True(_thread.Join(TimeSpan.FromSeconds(30)), "the scripted peer did not finish");
        if (_failure is not null) throw new InvalidOperationException("The scripted peer failed", _failure);
    }
}

/// <summary>One accepted connection of a <see cref="ScriptedPeer"/>; blocking calls with generous timeouts.</summary>
internal sealed class PeerConnection(Socket socket, ScriptedPeer peer)
{
    private readonly List<byte> _pending = new();

    /// <summary>Reads one request (head and Content-Length body), records its head and returns it.</summary>
    public string ReadRequest()
    {
        socket.ReceiveTimeout = 30000;
        var buffer = new byte[4096];
        int end;
        while ((end = IndexOfHeadEnd()) < 0)
        {
            int n = socket.Receive(buffer);
            if (n == 0) throw new IOException("the client closed before sending a whole head");
            _pending.AddRange(buffer.AsSpan(0, n));
        }
        string head = Encoding.Latin1.GetString(_pending.ToArray(), 0, end);
        _pending.RemoveRange(0, end + 4);
        int length = 0;
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = int.Parse(line[15..].Trim());
        }
        while (_pending.Count < length)
        {
            int n = socket.Receive(buffer);
            if (n == 0) throw new IOException("the client closed before sending the whole body");
            _pending.AddRange(buffer.AsSpan(0, n));
        }
        _pending.RemoveRange(0, length);
        peer.Record(head);
        return head;
    }

    public void Send(string text) => Send(Encoding.Latin1.GetBytes(text));

    public void Send(byte[] bytes)
    {
        socket.SendTimeout = 30000;
        socket.Send(bytes);
    }

    /// <summary>Waits until the client closes its side (a read returns 0 or the connection is reset).</summary>
    public void WaitForClientClose()
    {
        socket.ReceiveTimeout = 30000;
        var buffer = new byte[4096];
        try
        {
            while (socket.Receive(buffer) > 0) { }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
    }

    public void Close() => socket.Close();

    private int IndexOfHeadEnd()
    {
        for (int i = 0; i + 3 < _pending.Count; i++)
        {
            if (_pending[i] == '\r' && _pending[i + 1] == '\n' && _pending[i + 2] == '\r' && _pending[i + 3] == '\n') return i;
        }
        return -1;
    }
}
