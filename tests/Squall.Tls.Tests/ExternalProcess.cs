using System.Diagnostics;

namespace Squall.Tls.Tests;

/// <summary>Runs a peer we did not write (curl, openssl, Debian's Python with Tornado) and collects its output, bounded in time.</summary>
internal static class ExternalProcess
{
    /// <summary>Debian's interpreter, which has python3-tornado (the pyenv one on PATH may not).</summary>
    public const string Python = "/usr/bin/python3";

    // A hang guard, not an expectation of speed: the peer inherits the test run's priority, and a run at nice 19 on a
    // machine at load 34 once hit the former 30 s guard with Python's Tornado client (what it had printed was not kept;
    // a timeout now reports it).
    public static (int Code, string Output, string Error) Run(string file, IEnumerable<string> arguments, string? stdin = null, int timeoutMs = 120_000)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(entireProcessTree: true);
            // What it printed says where it stopped (startup, handshake, or waiting for our answer).
            p.WaitForExit();
            throw new TimeoutException($"{file} did not finish within {timeoutMs} ms; stdout: {output.GetAwaiter().GetResult()}; stderr: {error.GetAwaiter().GetResult()}");
        }
        return (p.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }
}
