namespace Squall.Redis.Tests.Support;

/// <summary>A real redis-server (Debian's) on a free loopback port, no persistence, stopped with the test.</summary>
internal sealed class RedisServer : IDisposable
{
    private ProcessOutput? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public static RedisServer Start()
    {
        var server = new RedisServer(FreePort.Next());
        server.Restart();
        return server;
    }

    /// <summary>Starts (again) on the same port, and returns once it accepts connections.</summary>
    public void Restart()
    {
        _process?.Dispose();
        _process = new ProcessOutput("redis-server",
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"],
            $"redis-server:{Port}");
        _process.WaitForLine(l => l.Contains("Ready to accept connections", StringComparison.Ordinal), what: "readiness");
    }

    /// <summary>SIGKILL: every client connection drops at once.</summary>
    public void Kill() => _process?.Kill();

    public void Dispose() => _process?.Dispose();
}
