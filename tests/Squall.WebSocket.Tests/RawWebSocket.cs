using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Squall.WebSocket.Tests;

/// <summary>A frame as the raw client reads it.</summary>
public sealed record RawFrame(bool Fin, bool Rsv1, int Opcode, byte[] Payload)
{
    public string Text => Encoding.UTF8.GetString(Payload);

    public int CloseCode => Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Payload) : 1005;
}

/// <summary>
/// A blocking socket that speaks WebSocket byte by byte, for conformance tests: it sends exactly the frames a case
/// lists (valid or not) and reads what the server answers, every read under a socket timeout.
/// </summary>
public sealed class RawWebSocket : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[1 << 20];
    private int _pos, _len;

    public RawWebSocket(int port)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 15000, SendTimeout = 15000 };
        _socket.Connect("127.0.0.1", port);
    }

    public Dictionary<string, string> ResponseHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int Status { get; private set; }

    /// <summary>Sends a handshake and reads the response head; returns the status.</summary>
    public int Handshake(string path = "/echo", string? extraHeaders = null, string? key = null, string version = "13", string method = "GET")
    {
        key ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      (key.Length > 0 ? $"Sec-WebSocket-Key: {key}\r\n" : "") +
                      (version.Length > 0 ? $"Sec-WebSocket-Version: {version}\r\n" : "") + (extraHeaders ?? "") + "\r\n";
        return HandshakeRaw(request, key);
    }

    public int HandshakeRaw(string request, string? key = null)
    {
        if (request.Length > 0) _socket.Send(Encoding.ASCII.GetBytes(request));
        string status = ReadLine();
        Status = int.Parse(status.Split(' ')[1]);
        string line;
        while ((line = ReadLine()).Length > 0)
        {
            int colon = line.IndexOf(':');
            ResponseHeaders[line[..colon]] = line[(colon + 1)..].Trim();
        }
        if (Status == 101 && key is not null)
            Assert.Equal(Squall.Http.WebSocketHandshake.ComputeAccept(key), ResponseHeaders["Sec-WebSocket-Accept"]);
        if (Status != 101 && ResponseHeaders.TryGetValue("Content-Length", out var cl)) ReadExactly(int.Parse(cl));
        return Status;
    }

    /// <summary>Builds one frame; masked with a random key unless <paramref name="mask"/> is false.</summary>
    public static byte[] Frame(int opcode, ReadOnlySpan<byte> payload, bool fin = true, bool mask = true, int rsv = 0)
    {
        var frame = new List<byte> { (byte)((fin ? 0x80 : 0) | (rsv << 4) | opcode) };
        byte m = mask ? (byte)0x80 : (byte)0;
        if (payload.Length < 126) frame.Add((byte)(m | payload.Length));
        else if (payload.Length <= 0xFFFF)
        {
            frame.Add((byte)(m | 126));
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }
        else
        {
            frame.Add((byte)(m | 127));
            var len = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(len, (ulong)payload.Length);
            frame.AddRange(len);
        }
        if (!mask)
        {
            frame.AddRange(payload.ToArray());
            return frame.ToArray();
        }
        var key = RandomNumberGenerator.GetBytes(4);
        frame.AddRange(key);
        for (int i = 0; i < payload.Length; i++) frame.Add((byte)(payload[i] ^ key[i & 3]));
        return frame.ToArray();
    }

    public static byte[] Frame(int opcode, string text, bool fin = true) => Frame(opcode, Encoding.UTF8.GetBytes(text), fin);

    public static byte[] CloseFrame(int code, string reason = "")
    {
        var payload = new byte[2 + Encoding.UTF8.GetByteCount(reason)];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
        Encoding.UTF8.GetBytes(reason, payload.AsSpan(2));
        return Frame(8, payload);
    }

    public void Send(byte[] bytes) => _socket.Send(bytes);

    public void Send(params byte[][] frames)
    {
        foreach (var f in frames) _socket.Send(f);
    }

    /// <summary>Reads one frame (server frames must be unmasked).</summary>
    public RawFrame ReadFrame()
    {
        var head = ReadExactly(2);
        bool masked = (head[1] & 0x80) != 0;
        Assert.False(masked, "the server masked a frame");
        long length = head[1] & 0x7F;
        if (length == 126) length = BinaryPrimitives.ReadUInt16BigEndian(ReadExactly(2));
        else if (length == 127) length = (long)BinaryPrimitives.ReadUInt64BigEndian(ReadExactly(8));
        var payload = ReadExactly((int)length);
        return new RawFrame((head[0] & 0x80) != 0, (head[0] & 0x40) != 0, head[0] & 0x0F, payload);
    }

    /// <summary>True when the server closed TCP (EOF or reset) before the socket timeout, with no more bytes.</summary>
    public bool ServerClosedTcp()
    {
        try
        {
            if (_len - _pos > 0) return false;
            return _socket.Receive(new byte[1]) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    private string ReadLine()
    {
        var sb = new StringBuilder();
        while (true)
        {
            byte b = ReadExactly(1)[0];
            if (b == '\n') return sb.ToString().TrimEnd('\r');
            sb.Append((char)b);
        }
    }

    public byte[] ReadExactly(int count)
    {
        var result = new byte[count];
        int filled = 0;
        while (filled < count)
        {
            if (_pos == _len)
            {
                _pos = 0;
                _len = _socket.Receive(_buffer);
                if (_len == 0) throw new EndOfStreamException($"server closed after {filled} of {count} bytes");
            }
            int n = Math.Min(count - filled, _len - _pos);
            Array.Copy(_buffer, _pos, result, filled, n);
            _pos += n;
            filled += n;
        }
        return result;
    }

    /// <summary>True when no byte from the server is waiting (neither in this reader's buffer nor in the kernel's).</summary>
    public bool NothingToRead => _pos == _len && _socket.Available == 0;

    /// <summary>The client's own endpoint, which the server logs as the remote one.</summary>
    public string LocalEndPoint => _socket.LocalEndPoint!.ToString()!;

    public void Dispose() => _socket.Dispose();
}
