extern alias HelloWorldSample;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Squall.Web.Tests;

/// <summary>
/// The HelloWorld sample in its own process with a low descriptor limit (<c>ulimit -n</c>), flooded with more
/// connections than it has descriptors for: it must keep serving the connections it has, stop accepting (logged once),
/// and accept the waiting clients once connections close. Before the fix the first log line while out of descriptors
/// opened stderr lazily, failed with EMFILE, and the exception escaped the loop and killed the process.
/// </summary>
public sealed partial class OutOfDescriptorsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private const int DescriptorLimit = 160;
    private const int Queued = 20;

    private static readonly byte[] Get = "GET /plaintext HTTP/1.1\r\nHost: test\r\n\r\n"u8.ToArray();

    [GeneratedRegex(@"Out of file descriptors \(accept: EMFILE\) with (\d+) connections open")]
    private static partial Regex OutOfDescriptors();

    [GeneratedRegex(@"Accepting connections again after [\d.]+ s out of file descriptors \((\d+) accept attempts failed\)")]
    private static partial Regex AcceptingAgain();

    [Fact]
    public async Task ServerSurvivesRunningOutOfDescriptorsAndAcceptsAgain()
    {
        using var server = SampleProcess.Start(DescriptorLimit);
        int port = await server.ReadPortAsync().WaitAsync(Timeout);
        var clients = new List<Socket>();
        try
        {
            // Connect one client at a time until the server reports that it ran out of descriptors. Accept fails with
            // EMFILE as soon as no descriptor is free, even with nobody waiting, so the newest client may or may not
            // have been accepted; the count of open connections in the log line says which.
            Match? starved = null;
            Task<int>? newest = null;
            while (starved is null)
            {
                Assert.True(clients.Count < DescriptorLimit, "the server accepted more connections than its descriptor limit");
                var client = await ConnectAsync(port);
                clients.Add(client);
                await client.SendAsync(Get);
                newest = ReadResponseAsync(client);
                var logged = server.WaitForLineAsync(OutOfDescriptors());
                var first = await Task.WhenAny(newest, logged).WaitAsync(Timeout);
                if (first == logged) starved = await logged;
                else Assert.Equal(200, await newest);
            }
            int accepted = int.Parse(starved.Groups[1].Value);
            Assert.InRange(accepted, clients.Count - 1, clients.Count);
            var waiting = new List<Task<int>>();
            if (accepted == clients.Count) Assert.Equal(200, await newest!.WaitAsync(Timeout));
            else waiting.Add(newest!); // its read stays pending until the server gets to it

            // More clients queue up in the kernel's backlog.
            for (int i = 0; i < Queued; i++)
            {
                var client = await ConnectAsync(port);
                await client.SendAsync(Get);
                clients.Add(client);
                waiting.Add(ReadResponseAsync(client));
            }

            // The connections the server has are still served while it cannot accept.
            for (int i = 0; i < 3; i++)
            {
                await clients[i].SendAsync(Get);
                Assert.Equal(200, await ReadResponseAsync(clients[i]).WaitAsync(Timeout));
            }

            // Connections leave (enough for the waiting ones plus the server's small reserve of descriptors): the
            // waiting clients are accepted and answered.
            int leaving = waiting.Count + 12;
            Assert.True(accepted > leaving, $"only {accepted} connections before running out");
            for (int i = 0; i < leaving; i++) clients[i].Dispose();
            foreach (var response in waiting) Assert.Equal(200, await response.WaitAsync(Timeout));

            var again = await server.WaitForLineAsync(AcceptingAgain()).WaitAsync(Timeout);
            // Failed attempts are bounded by the retry timer and by closing connections; a spinning accept loop makes
            // hundreds of thousands.
            Assert.InRange(int.Parse(again.Groups[1].Value), 1, 1000);
            Assert.Equal(1, server.CountLines(OutOfDescriptors()));

            // And new clients are served as usual.
            using var late = await ConnectAsync(port);
            await late.SendAsync(Get);
            Assert.Equal(200, await ReadResponseAsync(late).WaitAsync(Timeout));
            Assert.False(server.HasExited, "the server exited: " + server.Output);
            Assert.DoesNotContain("Unhandled exception", server.Output);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).WaitAsync(Timeout);
        return socket;
    }

    /// <summary>Reads one whole response (status line, headers, Content-Length body) and returns its status.</summary>
    private static async Task<int> ReadResponseAsync(Socket socket)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            int n = await socket.ReceiveAsync(buffer);
            if (n == 0) throw new IOException("closed before a whole response: " + Encoding.Latin1.GetString(received.ToArray()));
            received.AddRange(buffer.AsSpan(0, n));
            var text = Encoding.Latin1.GetString(received.ToArray());
            int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0) continue;
            var length = Regex.Match(text[..end], @"Content-Length: (\d+)", RegexOptions.IgnoreCase);
            if (text.Length < end + 4 + int.Parse(length.Groups[1].Value)) continue;
            return int.Parse(text.AsSpan(9, 3));
        }
    }

    /// <summary>The sample started through bash with a lowered soft descriptor limit; its stderr collected line by line.</summary>
    private sealed class SampleProcess : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = new();
        private readonly StringBuilder _output = new();
        private readonly object _gate = new();
        private readonly List<(Regex Pattern, TaskCompletionSource<Match> Done)> _waiters = new();

        private SampleProcess(Process process) => _process = process;

        public static SampleProcess Start(int descriptorLimit)
        {
            var dll = typeof(HelloWorldSample::HelloWorld.HelloWorldApp).Assembly.Location;
            var info = new ProcessStartInfo("bash")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"ulimit -n {descriptorLimit} && exec dotnet \"$0\" --port 0");
            info.ArgumentList.Add(dll);
            var sample = new SampleProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start bash"));
            sample._process.ErrorDataReceived += (_, e) => sample.OnLine(e.Data);
            sample._process.BeginErrorReadLine();
            return sample;
        }

        public bool HasExited => _process.HasExited;

        public string Output
        {
            get { lock (_gate) return _output.ToString(); }
        }

        public async Task<int> ReadPortAsync()
        {
            var line = await _process.StandardOutput.ReadLineAsync() ?? throw new IOException("the sample exited: " + Output);
            return int.Parse(Regex.Match(line, @"127\.0\.0\.1:(\d+)").Groups[1].Value);
        }

        /// <summary>The first stderr line (already seen or still to come) matching <paramref name="pattern"/>.</summary>
        public Task<Match> WaitForLineAsync(Regex pattern)
        {
            lock (_gate)
            {
                foreach (var line in _lines)
                {
                    var match = pattern.Match(line);
                    if (match.Success) return Task.FromResult(match);
                }
                var done = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((pattern, done));
                return done.Task;
            }
        }

        public int CountLines(Regex pattern)
        {
            lock (_gate) return _lines.Count(l => pattern.IsMatch(l));
        }

        private void OnLine(string? line)
        {
            if (line is null) return;
            lock (_gate)
            {
                _lines.Add(line);
                _output.AppendLine(line);
                for (int i = _waiters.Count - 1; i >= 0; i--)
                {
                    var match = _waiters[i].Pattern.Match(line);
                    if (!match.Success) continue;
                    _waiters[i].Done.TrySetResult(match);
                    _waiters.RemoveAt(i);
                }
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill();
            _process.WaitForExit(30_000);
            _process.Dispose();
        }
    }
}
