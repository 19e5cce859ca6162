using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Squall.TestSupport;

/// <summary>One blocking keep-alive HTTP/1.1 connection: the test decides which requests share it.</summary>
internal sealed class KeepAliveClient : IDisposable
{
    private readonly Socket _socket;
    private readonly List<byte> _buffer = new();

    public KeepAliveClient(int port)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 60_000, NoDelay = true };
        _socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
    }

    public void Send(string path, string? extraHeaders = null) =>
        SendRaw($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extraHeaders}\r\n");

    public void SendRaw(string text) => _socket.Send(Encoding.ASCII.GetBytes(text));

    /// <summary>Reads a response head: status and headers (lower-case names).</summary>
    public (int Status, Dictionary<string, string> Headers) ReceiveHead()
    {
        int headEnd;
        while ((headEnd = IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (!Fill()) throw new IOException("connection closed before a response head");
        }
        string head = Take(headEnd + 4)[..headEnd];
        var lines = head.Split("\r\n");
        int status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>();
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        return (status, headers);
    }

    /// <summary>Reads one chunk of a chunked body; null for the last (empty) chunk.</summary>
    public string? ReceiveChunk()
    {
        int lineEnd;
        while ((lineEnd = IndexOf("\r\n"u8)) < 0)
        {
            if (!Fill()) throw new IOException("connection closed inside a chunked body");
        }
        int size = int.Parse(Take(lineEnd + 2)[..lineEnd].Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        string data = TakeExactly(size + 2)[..size];
        return size == 0 ? null : data;
    }

    /// <summary>Reads a whole response (Content-Length or chunked).</summary>
    public (int Status, Dictionary<string, string> Headers, string Body) Receive()
    {
        var (status, headers) = ReceiveHead();
        string body;
        if (headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            var all = new StringBuilder();
            while (ReceiveChunk() is { } chunk) all.Append(chunk);
            body = all.ToString();
        }
        else
        {
            body = TakeExactly(headers.TryGetValue("content-length", out var cl) ? int.Parse(cl, CultureInfo.InvariantCulture) : 0);
        }
        return (status, headers, body);
    }

    public string Get(string path)
    {
        Send(path);
        return Receive().Body;
    }

    /// <summary>True when the server closes the connection (end of stream or reset) with nothing more sent.</summary>
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

    private string TakeExactly(int count)
    {
        while (_buffer.Count < count)
        {
            if (!Fill()) throw new IOException("connection closed inside a response body");
        }
        return Take(count);
    }

    private string Take(int count)
    {
        string text = Encoding.UTF8.GetString(_buffer.GetRange(0, count).ToArray());
        _buffer.RemoveRange(0, count);
        return text;
    }

    private bool Fill()
    {
        var chunk = new byte[4096];
        int n = _socket.Receive(chunk);
        if (n == 0) return false;
        _buffer.AddRange(chunk.AsSpan(0, n).ToArray());
        return true;
    }

    private int IndexOf(ReadOnlySpan<byte> needle) =>
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_buffer).IndexOf(needle);

    public void Dispose() => _socket.Dispose();
}
