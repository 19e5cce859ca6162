namespace Squall.Analyzers.Infrastructure;

/// <summary>Where each diagnostic's documentation page lives (docs/diagnostics/SQ####.md in the repository).</summary>
internal static class HelpLinks
{
    // One place to change when the repository moves.
    public const string RepositoryUrl = "https://github.com/squall/squall";

    public static string For(string id) => RepositoryUrl + "/blob/main/docs/diagnostics/" + id + ".md";
}
