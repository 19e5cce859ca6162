using System.Net.Sockets;
using System.Text;

namespace Squall.Http.Tests;

/// <summary>A parsed response as the raw tests see it.</summary>
internal sealed record RawResponse(string StatusLine, List<(string Name, string Value)> Headers, byte[] Body)
{
    public int Status => int.Parse(StatusLine.Split(' ')[1]);

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>A blocking socket that writes raw bytes and reads responses byte-exactly, every read under a timeout.</summary>
internal sealed class RawClient : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[65536];
    private int _pos, _len;

    // Every blocking read and write gives up after this: a hang guard, generous for a machine under heavy load.
    private const int HangGuardMs = 30_000;

    public RawClient(int port)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = HangGuardMs, SendTimeout = HangGuardMs };
        _socket.Connect("127.0.0.1", port);
    }

    public Socket Socket => _socket;

    public void Send(string text) => Send(Encoding.Latin1.GetBytes(text));

    public void Send(byte[] bytes) => _socket.Send(bytes);

    /// <summary>Reads one response; <paramref name="head"/>: the request was HEAD (no body whatever the length says).</summary>
    public RawResponse ReadResponse(bool head = false)
    {
        string statusLine = ReadLine();
        var headers = new List<(string, string)>();
        string line;
        while ((line = ReadLine()).Length > 0)
        {
            int colon = line.IndexOf(':');
            headers.Add((line[..colon], line[(colon + 1)..].Trim()));
        }
        var response = new RawResponse(statusLine, headers, []);
        int status = response.Status;
        if (head || status < 200 || status == 204 || status == 304) return response;
        if (response.Header("Content-Length") is { } cl) return response with { Body = ReadExactly(int.Parse(cl)) };
        if (response.Header("Transfer-Encoding") is "chunked")
        {
            var body = new List<byte>();
            while (true)
            {
                int size = Convert.ToInt32(ReadLine().Split(';')[0], 16);
                body.AddRange(ReadExactly(size));
                Assert.Equal("", ReadLine());
                if (size == 0) break;
            }
            return response with { Body = body.ToArray() };
        }
        return response with { Body = ReadToEnd() };
    }

    /// <summary>True when the server closed the connection (EOF or reset) within the socket's timeout.</summary>
    public bool IsClosedByServer()
    {
        try
        {
            var one = new byte[1];
            while (true)
            {
                int n = _socket.Receive(one);
                if (n == 0) return true;
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { return true; }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut) { return false; }
    }

    /// <summary>True when no byte from the server is waiting (neither in this reader's buffer nor in the kernel's).</summary>
    public bool NothingToRead => _pos == _len && _socket.Available == 0;

    public string ReadLine()
    {
        var line = new List<byte>();
        while (true)
        {
            byte b = ReadByte();
            if (b == '\n' && line.Count > 0 && line[^1] == '\r')
            {
                line.RemoveAt(line.Count - 1);
                return Encoding.Latin1.GetString(line.ToArray());
            }
            line.Add(b);
        }
    }

    public byte[] ReadExactly(int n)
    {
        var result = new byte[n];
        int got = 0;
        while (got < n)
        {
            if (_pos == _len) Fill();
            int take = Math.Min(n - got, _len - _pos);
            Array.Copy(_buffer, _pos, result, got, take);
            _pos += take;
            got += take;
        }
        return result;
    }

    public byte[] ReadToEnd()
    {
        var all = new List<byte>(_buffer.AsSpan(_pos, _len - _pos).ToArray());
        _pos = _len = 0;
        var chunk = new byte[8192];
        while (true)
        {
            int n;
            try { n = _socket.Receive(chunk); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { break; }
            if (n == 0) break;
            all.AddRange(chunk.AsSpan(0, n).ToArray());
        }
        return all.ToArray();
    }

    private byte ReadByte()
    {
        if (_pos == _len) Fill();
        return _buffer[_pos++];
    }

    private void Fill()
    {
        int n = _socket.Receive(_buffer);
        if (n == 0) throw new EndOfStreamException("server closed the connection");
        _pos = 0;
        _len = n;
    }

    public void Dispose() => _socket.Dispose();
}
