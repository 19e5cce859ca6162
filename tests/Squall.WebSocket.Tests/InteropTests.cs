using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Squall.Http;

namespace Squall.WebSocket.Tests;

/// <summary>
/// Interop with peers we did not write, started by the tests: Python Tornado's client and server (Debian
/// python3-tornado), Kestrel's WebSockets in this process, and System.Net.WebSockets.ClientWebSocket.
/// </summary>
public sealed class InteropTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Peers", name);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Tornado_websocket_connect_against_our_server(bool compress)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Script("tornado_client.py"));
        psi.ArgumentList.Add($"ws://127.0.0.1:{fixture.Port}/echo");
        if (compress) psi.ArgumentList.Add("compress");
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(Wait), "tornado client did not finish");
        Assert.True(process.ExitCode == 0, stderr.Result);
        using var result = JsonDocument.Parse(stdout.Result);
        var root = result.RootElement;
        Assert.True(root.GetProperty("text_ok").GetBoolean());
        Assert.True(root.GetProperty("text_is_str").GetBoolean());
        Assert.True(root.GetProperty("binary_ok").GetBoolean());
        Assert.True(root.GetProperty("binary_is_bytes").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("end").ValueKind);
        Assert.Equal(1000, root.GetProperty("close_code").GetInt32());
        if (compress) Assert.StartsWith("permessage-deflate", root.GetProperty("extensions").GetString());
        else Assert.Equal(JsonValueKind.Null, root.GetProperty("extensions").ValueKind);
    }

    [Theory]
    [InlineData("/echo", true)]
    [InlineData("/echo", false)]
    [InlineData("/plain", true)]
    public void Our_client_against_a_Tornado_server(string path, bool compress)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Script("tornado_server.py"));
        using var process = Process.Start(psi)!;
        try
        {
            var portLine = process.StandardOutput.ReadLineAsync();
            Assert.True(portLine.Wait(Wait), "tornado server did not start");
            int port = int.Parse(portLine.Result!);
            var result = RoundTrip($"ws://127.0.0.1:{port}{path}", compress);
            Assert.Equal(result.Sent, result.Text);
            Assert.Equal(result.Bytes, result.EchoBytes);
            if (compress && path == "/echo") Assert.StartsWith("permessage-deflate", result.Extensions);
            else Assert.Null(result.Extensions);
            Assert.Equal(1000, result.CloseCode);
        }
        finally
        {
            process.StandardInput.Close(); // the server stops when its stdin closes
            if (!process.WaitForExit(TimeSpan.FromSeconds(20))) process.Kill();
        }
    }

    private sealed record Trip(string Sent, string? Text, byte[] Bytes, byte[] EchoBytes, string? Extensions, int? CloseCode);

    private static Trip RoundTrip(string url, bool compress) => ClientLoop.Run(async () =>
    {
        var ws = await WebSocketClient.Connect(url, compression: compress ? new WebSocketCompressionOptions() : null);
        string text = string.Concat(Enumerable.Repeat("squall → peer ", 300));
        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)(i % 251)).ToArray();
        var texts = new List<string?>();
        // Several messages: a peer keeping its compression context across them must still be read right.
        for (int i = 0; i < 3; i++)
        {
            await ws.WriteMessage(text);
            texts.Add((await ws.ReadMessage())?.Text);
        }
        await ws.WriteMessage(bytes);
        var echo = await ws.ReadMessage();
        ws.Close(1000);
        await ws.Closed;
        Assert.All(texts, t => Assert.Equal(text, t));
        return new Trip(text, texts[0], bytes, echo!.Data.ToArray(), ws.Extensions, ws.CloseCode);
    });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Our_client_against_Kestrel_WebSockets(bool compress)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.UseWebSockets();
        app.Map("/echo", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = true });
            var buffer = new byte[1 << 20];
            while (true)
            {
                int count = 0;
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += received.Count;
                } while (!received.EndOfMessage);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }
                await socket.SendAsync(buffer.AsMemory(0, count), received.MessageType, true, CancellationToken.None);
            }
        });
        await app.StartAsync();
        var address = app.Urls.First();
        var port = new Uri(address).Port;
        var result = await Task.Run(() => RoundTrip($"ws://127.0.0.1:{port}/echo", compress)).WaitAsync(Wait);
        Assert.Equal(result.Sent, result.Text);
        Assert.Equal(result.Bytes, result.EchoBytes);
        if (compress) Assert.StartsWith("permessage-deflate", result.Extensions);
        else Assert.Null(result.Extensions);
        Assert.Equal(1000, result.CloseCode);
        await app.StopAsync();
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task ClientWebSocket_against_our_server(bool compress, bool contextTakeover)
    {
        using var client = new ClientWebSocket();
        if (compress)
        {
            client.Options.DangerousDeflateOptions = new WebSocketDeflateOptions
            {
                ClientContextTakeover = contextTakeover,
                ServerContextTakeover = contextTakeover,
            };
        }
        using var cts = new CancellationTokenSource(Wait);
        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{fixture.Port}/echo"), cts.Token);
        var buffer = new byte[1 << 17];
        string text = string.Concat(Enumerable.Repeat("from ClientWebSocket ", 200));
        for (int i = 0; i < 3; i++)
        {
            await client.SendAsync(Encoding.UTF8.GetBytes(text + i), WebSocketMessageType.Text, true, cts.Token);
            var (type, bytes) = await Receive(client, buffer, cts.Token);
            Assert.Equal(WebSocketMessageType.Text, type);
            Assert.Equal(text + i, Encoding.UTF8.GetString(bytes));
        }
        var binary = Enumerable.Range(0, 50_000).Select(i => (byte)i).ToArray();
        await client.SendAsync(binary, WebSocketMessageType.Binary, true, cts.Token);
        var (binType, echo) = await Receive(client, buffer, cts.Token);
        Assert.Equal(WebSocketMessageType.Binary, binType);
        Assert.Equal(binary, echo);
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        Assert.Equal(WebSocketState.Closed, client.State);
    }

    private static async Task<(WebSocketMessageType, byte[])> Receive(ClientWebSocket client, byte[] buffer, CancellationToken token)
    {
        int count = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await client.ReceiveAsync(new ArraySegment<byte>(buffer, count, buffer.Length - count), token);
            count += result.Count;
        } while (!result.EndOfMessage);
        return (result.MessageType, buffer[..count]);
    }
}
