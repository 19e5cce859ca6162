using System.Runtime.CompilerServices;

namespace Squall.Generators.Tests;

/// <summary>
/// Golden-file snapshots: the expected text lives in <c>Baselines/NAME.txt</c> beside the tests. Run the tests with
/// <c>SQUALL_ACCEPT=1</c> to (re)write the baselines from the current output, then review the diff in git.
/// </summary>
internal static class Approvals
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Baselines");
        string path = Path.Combine(directory, name + ".txt");
        actual = actual.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("SQUALL_ACCEPT") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"No baseline {path}; run the tests with SQUALL_ACCEPT=1 to create it.");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected != actual)
        {
            string received = Path.Combine(directory, name + ".received.txt");
            File.WriteAllText(received, actual);
            Assert.Fail($"Generated source differs from {path}; the new output is in {received}. Accept with SQUALL_ACCEPT=1.");
        }
    }
}
