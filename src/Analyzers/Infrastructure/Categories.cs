namespace Squall.Analyzers.Infrastructure;

/// <summary>Diagnostic categories; the ID range follows the category (SQ1xxx, SQ2xxx, SQ3xxx).</summary>
internal static class Categories
{
    public const string Blocking = "Squall.Blocking";
    public const string Routing = "Squall.Routing";
    public const string Coroutines = "Squall.Coroutines";
}
