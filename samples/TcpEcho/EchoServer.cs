using System.Net;
using System.Text;
using Squall;
using Squall.IO;

namespace TcpEcho;

/// <summary>Tornado's demos/tcpecho server: echoes every line back, adding a newline to a last line without one.</summary>
public sealed class EchoServer(TextWriter log) : TcpServer
{
    /// <summary>Reads lines until the client goes away and writes each one back.</summary>
    public override async Future HandleStream(IOStream stream, EndPoint remote)
    {
        try
        {
            while (true)
            {
                var line = await stream.ReadUntil("\n"u8, maxBytes: 64 * 1024);
                log.WriteLine($"Received from {remote}: {Encoding.UTF8.GetString(line).TrimEnd('\n')}");
                await stream.Write(line);
            }
        }
        catch (StreamClosedException)
        {
            log.WriteLine($"{remote} left");
        }
    }
}
