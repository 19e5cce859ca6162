using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace EchoBenchmark;

/// <summary>
/// The peer: the canonical .NET echo server on System.Net.Sockets async methods (AcceptAsync, ReceiveAsync and
/// SendAsync with Memory&lt;byte&gt;), a pooled 16 KiB buffer per connection (the same read size IOStream rents).
/// </summary>
internal static class SocketAsyncEchoServer
{
    private const int BufferSize = 16 * 1024;

    public static void Run(int port, string address)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Parse(address), port));
        listener.Listen(4096);
        Console.WriteLine($"listening {address}:{((IPEndPoint)listener.LocalEndPoint!).Port}");
        AcceptLoop(listener).GetAwaiter().GetResult();
    }

    private static async Task AcceptLoop(Socket listener)
    {
        while (true)
        {
            var socket = await listener.AcceptAsync();
            socket.NoDelay = true;
            _ = Echo(socket);
        }
    }

    private static async Task Echo(Socket socket)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                int n = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None);
                if (n == 0) break;
                await socket.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
            }
        }
        catch (SocketException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            socket.Dispose();
        }
    }
}
