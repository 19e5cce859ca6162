namespace Squall.Redis.Tests.Support;

/// <summary>
/// Debian's nginx in front of the nodes, with the configuration shipped in <c>samples/Chat/deploy/nginx.conf</c>:
/// the test only points its upstream at the nodes' ports, its listener at a free port and its files at a temp dir,
/// so what is tested is what users deploy.
/// </summary>
internal sealed class Nginx : IDisposable
{
    private readonly ProcessOutput _process;
    private readonly string _directory;

    private Nginx(ProcessOutput process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public static Nginx Start(IEnumerable<int> nodePorts)
    {
        string directory = Directory.CreateTempSubdirectory("squall-nginx-").FullName;
        int port = FreePort.Next();
        string config = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "deploy", "nginx.conf"));
        string servers = string.Concat(nodePorts.Select(p => $"    server 127.0.0.1:{p};\n"));
        config = ReplaceBetween(config, "# nodes: begin\n", "    # nodes: end", servers);
        config = config.Replace("listen 127.0.0.1:8080;", $"listen 127.0.0.1:{port};", StringComparison.Ordinal)
            .Replace("/var/log/nginx/", directory + "/", StringComparison.Ordinal)
            .Replace("/run/nginx-chat.pid", Path.Combine(directory, "nginx.pid"), StringComparison.Ordinal)
            .Replace("/var/lib/nginx/chat/", directory + "/", StringComparison.Ordinal);
        string path = Path.Combine(directory, "nginx.conf");
        File.WriteAllText(path, config);
        var process = new ProcessOutput("nginx", ["-p", directory, "-c", path, "-e", "stderr", "-g", "daemon off; error_log stderr notice;"], "nginx");
        var nginx = new Nginx(process, directory, port);
        nginx.WaitUntilListening();
        return nginx;
    }

    /// <summary>The master binds its listeners before it starts workers: the notice that it started one is the event.</summary>
    private void WaitUntilListening() =>
        _process.WaitForLine(l => l.Contains("start worker process", StringComparison.Ordinal), what: "its workers");

    private static string ReplaceBetween(string text, string start, string end, string replacement)
    {
        int a = text.IndexOf(start, StringComparison.Ordinal);
        int b = text.IndexOf(end, StringComparison.Ordinal);
        if (a < 0 || b < a) throw new InvalidOperationException("deploy/nginx.conf lost its '# nodes' markers.");
        return text[..(a + start.Length)] + replacement + text[b..];
    }

    public void Dispose()
    {
        _process.Terminate();
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Workers may still hold a log file for a moment; the temp dir is not worth failing a test for.
        }
    }
}
