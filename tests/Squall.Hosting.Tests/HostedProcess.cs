using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Squall.Hosting.Tests;

/// <summary>
/// The HostedHello sample as a real process (<c>dotnet HostedHello.dll</c>) in a working directory of its own (its
/// content root: appsettings.json is read from there). Its output lines are collected; waits are on those lines and
/// on the process's exit, each with a generous timeout. Dispose kills it if it still runs.
/// </summary>
internal sealed partial class HostedProcess : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly SemaphoreSlim _lineArrived = new(0);

    public HostedProcess(string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, params string[] args)
    {
        string dll = typeof(HostedProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "HostedHelloDll").Value!;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.GetFullPath(dll));
        foreach (var a in args) start.ArgumentList.Add(a);
        // The host's console logger writes one line per entry (no colours, no wrapping), so lines can be matched.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        if (environment is not null)
        {
            foreach (var (k, v) in environment) start.Environment[k] = v;
        }
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return _lines.ToArray(); }
    }

    public string Output => string.Join("\n", Lines);

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_lines) _lines.Add(line);
        _lineArrived.Release();
    }

    /// <summary>Waits for an output line matching <paramref name="pattern"/>; returns its match.</summary>
    public Match WaitForLine(Regex pattern)
    {
        int seen = 0;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var lines = Lines;
            for (; seen < lines.Count; seen++)
            {
                var m = pattern.Match(lines[seen]);
                if (m.Success) return m;
            }
            if (_process.HasExited && seen == Lines.Count && !_lineArrived.Wait(TimeSpan.FromSeconds(1)))
                throw new Xunit.Sdk.XunitException($"the process exited ({_process.ExitCode}) without printing /{pattern}/:\n{Output}");
            var left = Patience - deadline.Elapsed;
            if (left <= TimeSpan.Zero || !_lineArrived.Wait(left))
                throw new Xunit.Sdk.XunitException($"no line /{pattern}/ within {Patience.TotalSeconds} s:\n{Output}");
        }
    }

    /// <summary>The port from the "Squall listening on http://127.0.0.1:PORT/" line.</summary>
    public int WaitForPort() => int.Parse(WaitForLine(ListeningLine()).Groups[1].Value);

    [GeneratedRegex(@"Squall listening on http://[^:]+:(\d+)/")]
    private static partial Regex ListeningLine();

    /// <summary>Sends SIGTERM, as systemd, docker stop and Kubernetes do.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, Sigterm) != 0) throw new InvalidOperationException("kill failed: errno " + Marshal.GetLastPInvokeError());
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public int WaitForExit()
    {
        using var cts = new CancellationTokenSource(Patience);
        try
        {
            _process.WaitForExitAsync(cts.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"the process did not exit within {Patience.TotalSeconds} s:\n{Output}");
        }
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private const int Sigterm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
