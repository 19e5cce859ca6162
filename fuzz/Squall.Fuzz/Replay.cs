namespace Squall.Fuzz;

/// <summary>Runs a target once per file: the corpus and every crash found become regression inputs.</summary>
internal static class Replay
{
    public static int Run(FuzzTarget target, string[] paths)
    {
        int files = 0, failures = 0;
        foreach (var path in paths)
        {
            string[] inputs = Directory.Exists(path) ? [.. Directory.GetFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)] : [path];
            foreach (var file in inputs)
            {
                if (Path.GetFileName(file).StartsWith('.') || file.EndsWith("README.txt", StringComparison.Ordinal)) continue;
                files++;
                try
                {
                    target(File.ReadAllBytes(file));
                }
                catch (Exception e)
                {
                    failures++;
                    Console.Error.WriteLine($"FAIL {file}: {e}");
                }
            }
        }
        Console.WriteLine($"replayed {files} inputs, {failures} failed");
        return failures == 0 && files > 0 ? 0 : 1;
    }
}
