using System.Diagnostics;

namespace Squall.Redis.Tests.Support;

/// <summary>
/// A child process whose stdout and stderr lines are kept in order, so a test can wait for the line that says an
/// event happened ("Ready to accept connections", "Redis connected (2)") instead of sleeping.
/// </summary>
internal sealed class ProcessOutput : IDisposable
{
    /// <summary>Generous: the machine may be busy, and a wait that times out fails the test with the output so far.</summary>
    public static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(60);

    private readonly List<string> _lines = new();
    private readonly Process _process;

    public ProcessOutput(string fileName, IEnumerable<string> arguments, string name)
    {
        Name = name;
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.Exited += (_, _) => Add(null, exited: true);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>How many lines have arrived so far: pass it to <see cref="WaitForLine"/> to wait for a later one.</summary>
    public int LineCount
    {
        get
        {
            lock (_lines) return _lines.Count;
        }
    }

    /// <summary>Waits for a line at index ≥ <paramref name="from"/> that matches; fails with the whole output on timeout or exit.</summary>
    public string WaitForLine(Func<string, bool> match, int from = 0, string what = "the expected line")
    {
        var deadline = DateTime.UtcNow + WaitTimeout;
        lock (_lines)
        {
            int next = from;
            while (true)
            {
                for (; next < _lines.Count; next++)
                    if (match(_lines[next])) return _lines[next];
                if (_exited) throw new InvalidOperationException($"{Name} exited before {what}:\n{Text()}");
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) throw new TimeoutException($"{Name}: no {what} within {WaitTimeout}:\n{Text()}");
                Monitor.Wait(_lines, left);
            }
        }
    }

    public string Text()
    {
        lock (_lines) return string.Join('\n', _lines);
    }

    /// <summary>SIGKILL: the process gets no chance to say goodbye (no close frames, no FIN from a graceful close).</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, then waits for the exit (nginx's master stops its workers on it).</summary>
    public void Terminate()
    {
        if (!_process.HasExited) Signals.Send(_process.Id, Signals.SIGTERM);
        if (!_process.WaitForExit(WaitTimeout)) Kill();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private bool _exited;

    private void Add(string? line, bool exited = false)
    {
        lock (_lines)
        {
            if (line is not null) _lines.Add(line);
            if (exited) _exited = true;
            Monitor.PulseAll(_lines);
        }
    }
}
