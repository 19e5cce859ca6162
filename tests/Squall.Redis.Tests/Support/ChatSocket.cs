using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Squall.Redis.Tests.Support;

/// <summary>A <c>/chatsocket</c> user over System.Net.WebSockets (a client we did not write).</summary>
internal sealed class ChatSocket : IDisposable
{
    private readonly ClientWebSocket _socket = new();

    private ChatSocket() { }

    /// <summary>Connects to <c>/chatsocket</c> at <paramref name="baseUrl"/>; <paramref name="origin"/> as a browser page would send it.</summary>
    public static async Task<ChatSocket> Connect(string baseUrl, string? origin = null)
    {
        var socket = new ChatSocket();
        if (origin is not null) socket._socket.Options.SetRequestHeader("Origin", origin);
        using var timeout = new CancellationTokenSource(ProcessOutput.WaitTimeout);
        await socket._socket.ConnectAsync(new Uri(baseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/chatsocket"), timeout.Token);
        return socket;
    }

    public async Task Send(string body)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["body"] = body });
        using var timeout = new CancellationTokenSource(ProcessOutput.WaitTimeout);
        await _socket.SendAsync(json, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    /// <summary>The next <paramref name="count"/> broadcasts, as (id, body), in arrival order.</summary>
    public async Task<List<(string Id, string Body)>> Receive(int count)
    {
        var received = new List<(string, string)>();
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(ProcessOutput.WaitTimeout);
        while (received.Count < count)
        {
            var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(buffer, timeout.Token);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray()));
            received.Add((json.RootElement.GetProperty("id").GetString()!, json.RootElement.GetProperty("body").GetString()!));
        }
        return received;
    }

    public void Dispose() => _socket.Dispose();
}
