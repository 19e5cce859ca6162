using System.Net;
using Squall;
using Squall.IO;

namespace EchoBenchmark;

/// <summary>
/// The Squall side: one loop thread, each connection echoed on IOStream's low-level path (WaitForData, Buffered,
/// GetSpan/Advance, Consume, FlushPending), which allocates nothing per message.
/// </summary>
internal static class SquallEchoServer
{
    public static void Run(int port, string address)
    {
        var loop = IOLoop.Current;
        var server = new TcpServer((stream, _) => Echo(stream));
        server.Listen(port, address, backlog: 4096);
        Console.WriteLine($"listening {address}:{server.BoundPort}");
        loop.Start();
    }

    private static async Future Echo(IOStream stream)
    {
        try
        {
            while (true)
            {
                // Bytes may already be buffered (read ahead while we waited on a flush): use them before waiting.
                if (stream.Buffered.IsEmpty) await stream.WaitForData();
                var data = stream.Buffered;
                data.Span.CopyTo(stream.GetSpan(data.Length));
                stream.Advance(data.Length);
                stream.Consume(data.Length);
                stream.FlushPending();
                // A client that stops reading must not grow the queue without bound.
                if (stream.WriteBufferSize > 1 << 20) await stream.Flush();
            }
        }
        catch (StreamClosedException)
        {
        }
        finally
        {
            stream.Close();
        }
    }
}
