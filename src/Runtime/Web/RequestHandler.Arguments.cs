namespace Squall.Web;

public abstract partial class RequestHandler
{
    /// <summary>The last value of query or body argument <paramref name="name"/>; missing → 400 naming it.</summary>
    public string GetArgument(string name) => Last(Request.Arguments, name) ?? throw new MissingArgumentError(name);

    /// <summary>The last value of query or body argument <paramref name="name"/>, or <paramref name="defaultValue"/>.</summary>
    public string? GetArgument(string name, string? defaultValue) => Last(Request.Arguments, name) ?? defaultValue;

    /// <summary>Every value of query or body argument <paramref name="name"/> (empty when absent).</summary>
    public IReadOnlyList<string> GetArguments(string name) => Request.Arguments.TryGetValue(name, out var v) ? v : [];

    /// <summary>The last value of query argument <paramref name="name"/>; missing → 400.</summary>
    public string GetQueryArgument(string name) => Last(Request.QueryArguments, name) ?? throw new MissingArgumentError(name);

    /// <summary>The last value of query argument <paramref name="name"/>, or <paramref name="defaultValue"/>.</summary>
    public string? GetQueryArgument(string name, string? defaultValue) => Last(Request.QueryArguments, name) ?? defaultValue;

    /// <summary>The last value of body argument <paramref name="name"/>; missing → 400.</summary>
    public string GetBodyArgument(string name) => Last(Request.BodyArguments, name) ?? throw new MissingArgumentError(name);

    /// <summary>The last value of body argument <paramref name="name"/>, or <paramref name="defaultValue"/>.</summary>
    public string? GetBodyArgument(string name, string? defaultValue) => Last(Request.BodyArguments, name) ?? defaultValue;

    // Tornado strips surrounding whitespace from argument values (strip=True by default).
    private static string? Last(Dictionary<string, List<string>> arguments, string name) =>
        arguments.TryGetValue(name, out var values) && values.Count > 0 ? values[^1].Trim() : null;
}
