using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Squall.Http;

namespace Squall.Tls.Tests;

/// <summary>
/// <c>samples/HelloWorld --certfile F --keyfile F</c> as a real process on a free port: curl gets its routes over
/// HTTPS trusting only the test CA, and <c>/ws/echo</c> works as WSS with our WebSocket client.
/// </summary>
public sealed class HelloWorldHttpsTests(TestCertificates certs) : TlsTestBase(certs)
{
    [Fact]
    public void TheSampleServesHttpsAndWssWithACertificateFile()
    {
        using var sample = SampleProcess.Start("--port", "0", "--certfile", Certs.ServerCertFile, "--keyfile", Certs.ServerKeyFile);
        int port = sample.Port;

        var (code, output, error) = ExternalProcess.Run("curl",
        [
            "-sS", "--max-time", "20", "--cacert", Certs.CaFile, "-w", "|%{http_code}|%{content_type}|%{scheme}\n",
            $"https://127.0.0.1:{port}/plaintext", $"https://localhost:{port}/json",
            "--resolve", $"localhost:{port}:127.0.0.1",
        ]);
        Assert.True(code == 0, $"curl exit {code}: {error}\nsample: {sample.Output}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("Hello, World!|200|text/plain|HTTPS", lines[0], ignoreCase: true);
        Assert.StartsWith("{\"message\":\"Hello, World!\"}|200|application/json", lines[1]);

        // Plain HTTP to the TLS port gets no HTTP answer.
        var (plainCode, plainOutput, _) = ExternalProcess.Run("curl", ["-sS", "--max-time", "20", $"http://127.0.0.1:{port}/plaintext"]);
        Assert.NotEqual(0, plainCode);
        Assert.DoesNotContain("Hello", plainOutput);

        var echoed = Run(async () =>
        {
            var ws = await Within(WebSocketClient.Connect(new HttpRequest($"wss://localhost:{port}/ws/echo") { CaCerts = Certs.CaFile }));
            await ws.WriteMessage("hello over wss");
            var text = (await Within(ws.ReadMessage()))!.Text;
            var blob = new byte[100_000];
            new Random(7).NextBytes(blob);
            await ws.WriteMessage(blob, binary: true);
            var binary = (await Within(ws.ReadMessage()))!;
            Assert.True(binary.IsBinary);
            Assert.True(blob.AsSpan().SequenceEqual(binary.Data.Span));
            ws.Close();
            return text;
        });
        Assert.Equal("hello over wss", echoed);
        Assert.False(sample.HasExited, sample.Output);
    }

    /// <summary>The sample's built assembly run with <c>dotnet</c>; its "Serving on" line gives the port.</summary>
    private sealed class SampleProcess : IDisposable
    {
        private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
        private readonly Process _process;
        private readonly StringBuilder _errors = new();

        private SampleProcess(Process process) => _process = process;

        public int Port { get; private set; }

        public bool HasExited => _process.HasExited;

        /// <summary>What the sample wrote on stderr so far (shown when an assertion fails).</summary>
        public string Output
        {
            get { lock (_errors) return _errors.ToString(); }
        }

        public static SampleProcess Start(params string[] arguments)
        {
            // The sample's own build output (named by the project file): its runtimeconfig and dependencies are beside it.
            var dll = typeof(SampleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "HelloWorldDll").Value!;
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(dll);
            foreach (var a in arguments) info.ArgumentList.Add(a);
            var sample = new SampleProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet"));
            sample._process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (sample._errors) sample._errors.AppendLine(e.Data);
            };
            sample._process.BeginErrorReadLine();
            try
            {
                var line = sample._process.StandardOutput.ReadLineAsync().WaitAsync(s_startTimeout).GetAwaiter().GetResult()
                    ?? throw new IOException("the sample exited before serving: " + sample.Output);
                var match = Regex.Match(line, @"^Serving on https://127\.0\.0\.1:(\d+)/$");
                Assert.True(match.Success, $"unexpected first line [{line}]; stderr: {sample.Output}");
                sample.Port = int.Parse(match.Groups[1].Value);
            }
            catch
            {
                sample.Dispose();
                throw;
            }
            return sample;
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill();
            _process.WaitForExit(30_000);
            _process.Dispose();
        }
    }
}
