using System.Text;
using Squall;
using Squall.IO;

namespace TcpEcho;

/// <summary>Tornado's demos/tcpecho client: sends each message as a line and prints the server's reply.</summary>
public static class EchoClient
{
    /// <summary>Connects, sends <paramref name="messages"/> one line at a time, prints each reply to <paramref name="output"/>.</summary>
    public static async Future Run(string host, int port, IReadOnlyList<string> messages, TextWriter output)
    {
        using var stream = await TcpClient.Connect(host, port, TimeSpan.FromSeconds(5));
        foreach (var message in messages)
        {
            await stream.Write(Encoding.UTF8.GetBytes(message + "\n"));
            output.WriteLine($"Sent to server: {message}");
            var reply = await stream.ReadUntil("\n"u8);
            output.WriteLine($"Response from server: {Encoding.UTF8.GetString(reply).TrimEnd('\n')}");
        }
    }
}
