namespace Squall.Tests;

/// <summary>
/// Dependencies point one way: Web → Http → IO → Loop/Concurrency (DESIGN.md). A lower part that names a higher
/// part's namespace fails here, before the layering erodes one convenient `using` at a time.
/// </summary>
public sealed class LayeringTests
{
    [Theory]
    [InlineData("Loop", "Squall.IO", "Squall.Http", "Squall.Web")]
    [InlineData("Concurrency", "Squall.IO", "Squall.Http", "Squall.Web")]
    [InlineData("IO", "Squall.Http", "Squall.Web")]
    [InlineData("Http", "Squall.Web")]
    public void A_lower_part_never_names_a_higher_one(string folder, params string[] forbidden)
    {
        var root = Path.Combine(RepositoryRoot(), "src", "Runtime", folder);
        var offenders =
            from file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            where !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
            from line in File.ReadLines(file).Select((text, i) => (text, number: i + 1))
            from ns in forbidden
            where line.text.Contains(ns + ".", StringComparison.Ordinal) || line.text.Contains(ns + ";", StringComparison.Ordinal)
            select $"{Path.GetRelativePath(root, file)}:{line.number}: {line.text.Trim()}";
        Assert.Empty(offenders);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Generated.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Generated.sln not found above the test binaries.");
    }
}
