namespace Squall.Analyzers.Tests.Harness;

/// <summary>
/// Minimal stand-ins for types being built on other branches (web: RouteAttribute, RequestHandler; core:
/// [Coroutine]). Each is declared only when the real Squall.dll lacks it, so the tests switch to the real
/// types by themselves once those branches merge.
/// </summary>
internal static class Fixtures
{
    private const string Coroutine = """
        namespace Squall
        {
            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class CoroutineAttribute : System.Attribute { }
        }
        """;

    private const string Web = """
        namespace Squall.Web
        {
            [System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = true)]
            public sealed class RouteAttribute : System.Attribute
            {
                public RouteAttribute() { }
                public RouteAttribute(string template) { Template = template; }
                public string? Template { get; }
                public string? Name { get; set; }
                public string? Regex { get; set; }
            }

            public abstract class RequestHandler
            {
                public void Write(string text) { }
                public void SetHeader(string name, string value) { }
                public void Finish() { }
            }
        }
        """;

    public static string? Source { get; } = Build();

    private static string? Build()
    {
        var squall = typeof(Squall.Future).Assembly;
        var parts = new List<string>();
        if (squall.GetType("Squall.CoroutineAttribute") is null) parts.Add(Coroutine);
        if (squall.GetType("Squall.Web.RequestHandler") is null) parts.Add(Web);
        return parts.Count == 0 ? null : string.Join("\n", parts);
    }
}
