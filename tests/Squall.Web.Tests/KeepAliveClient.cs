using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Squall.Web.Tests;

/// <summary>One blocking keep-alive HTTP/1.1 connection: the test decides which requests share it.</summary>
internal sealed class KeepAliveClient : IDisposable
{
    private readonly Socket _socket;
    private readonly List<byte> _buffer = new();

    public KeepAliveClient(int port)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 30_000, NoDelay = true };
        _socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
    }

    public void Send(string path) =>
        _socket.Send(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));

    /// <summary>Reads one response (Content-Length framed): status line, headers (lower-case names) and body.</summary>
    public (int Status, Dictionary<string, string> Headers, string Body) Receive()
    {
        int headEnd;
        while ((headEnd = IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (!Fill()) throw new IOException("connection closed before a response head");
        }
        string head = Encoding.ASCII.GetString(_buffer.GetRange(0, headEnd).ToArray());
        var lines = head.Split("\r\n");
        int status = int.Parse(lines[0].Split(' ')[1]);
        var headers = new Dictionary<string, string>();
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        int length = int.Parse(headers["content-length"]);
        int total = headEnd + 4 + length;
        while (_buffer.Count < total)
        {
            if (!Fill()) throw new IOException("connection closed inside a response body");
        }
        string body = Encoding.UTF8.GetString(_buffer.GetRange(headEnd + 4, length).ToArray());
        _buffer.RemoveRange(0, total);
        return (status, headers, body);
    }

    public string Get(string path)
    {
        Send(path);
        return Receive().Body;
    }

    /// <summary>True when the server closes the connection (reads end of stream) with nothing more sent.</summary>
    public bool ReadsEndOfStream()
    {
        var chunk = new byte[256];
        try
        {
            return _socket.Receive(chunk) == 0 && _buffer.Count == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return _buffer.Count == 0;
        }
    }

    private bool Fill()
    {
        var chunk = new byte[4096];
        int n = _socket.Receive(chunk);
        if (n == 0) return false;
        _buffer.AddRange(chunk.AsSpan(0, n).ToArray());
        return true;
    }

    private int IndexOf(ReadOnlySpan<byte> needle)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_buffer);
        return span.IndexOf(needle);
    }

    public void Dispose() => _socket.Dispose();
}
