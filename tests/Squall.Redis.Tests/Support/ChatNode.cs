namespace Squall.Redis.Tests.Support;

/// <summary>The Chat sample as a real process (<c>dotnet Chat.dll --port 0 --redis ... --xheaders</c>).</summary>
internal sealed class ChatNode : IDisposable
{
    private ChatNode(ProcessOutput process, int port)
    {
        Process = process;
        Port = port;
    }

    public ProcessOutput Process { get; }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Starts a node; with <paramref name="waitForRedis"/>, returns once it has joined Redis.</summary>
    public static ChatNode Start(string? redis, string name, bool waitForRedis = true)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Chat.dll");
        var arguments = new List<string> { dll, "--port", "0", "--xheaders" };
        if (redis is not null) arguments.AddRange(["--redis", redis]);
        var process = new ProcessOutput("dotnet", arguments, name);
        string line = process.WaitForLine(l => l.StartsWith("Chat on http://127.0.0.1:", StringComparison.Ordinal), what: "its URL");
        int port = int.Parse(line["Chat on http://127.0.0.1:".Length..].TrimEnd('/'));
        var node = new ChatNode(process, port);
        if (redis is not null && waitForRedis) node.WaitForRedis(1);
        return node;
    }

    /// <summary>Waits until the node has connected to Redis <paramref name="times"/> times (1: joined; 2: recovered once).</summary>
    public void WaitForRedis(int times) =>
        Process.WaitForLine(l => l == $"Redis connected ({times})", what: $"Redis connection #{times}");

    public void Kill() => Process.Kill();

    public void Dispose() => Process.Dispose();
}
