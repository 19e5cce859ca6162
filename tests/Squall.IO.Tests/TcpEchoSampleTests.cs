using System.Diagnostics;
using TcpEcho;

namespace Squall.IO.Tests;

public abstract class TcpEchoSampleTests(PollerKind poller) : IOTestBase(poller)
{
    [Fact]
    public void ClientGetsEveryLineBackFromTheServer() => Run(async () =>
    {
        var serverLog = new StringWriter();
        var server = new EchoServer(serverLog);
        server.Listen(0, "127.0.0.1");
        try
        {
            var output = new StringWriter();
            await Within(EchoClient.Run("127.0.0.1", server.BoundPort, ["one", "two words", "ünïcode"], output));
            var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(
                ["Sent to server: one", "Response from server: one", "Sent to server: two words", "Response from server: two words",
                 "Sent to server: ünïcode", "Response from server: ünïcode"],
                lines);
            Assert.Contains(": two words", serverLog.ToString());
        }
        finally
        {
            server.Stop();
        }
    });
}

public sealed class EpollTcpEchoSampleTests() : TcpEchoSampleTests(PollerKind.Epoll);

public sealed class PollTcpEchoSampleTests() : TcpEchoSampleTests(PollerKind.Poll);

/// <summary>Runs the sample's two commands as separate processes talking over a real socket.</summary>
public sealed class TcpEchoProcessTests
{
    [Fact]
    public async Task ServerAndClientProcessesEcho()
    {
        var dll = typeof(EchoServer).Assembly.Location;
        using var server = Start(dll, "server --port 0");
        try
        {
            var first = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.NotNull(first);
            Assert.StartsWith("Listening on 127.0.0.1:", first);
            var port = first["Listening on 127.0.0.1:".Length..];

            using var client = Start(dll, $"client --port {port} --message hello --message world");
            var output = await client.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20));
            await client.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(0, client.ExitCode);
            Assert.Contains("Response from server: hello", output);
            Assert.Contains("Response from server: world", output);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    private static Process Start(string dll, string arguments)
    {
        var info = new ProcessStartInfo("dotnet", $"\"{dll}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
    }
}
