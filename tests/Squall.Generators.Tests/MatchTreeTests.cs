using System.Globalization;
using System.Reflection;
using Squall.Web;

namespace Squall.Generators.Tests;

/// <summary>
/// The generated matcher is a decision tree; these tests hold it to the precedence rule the linear scan had: of the
/// routes whose segment count fits, the first by segment kinds from the left (literal, typed, string, catch-all, a
/// shorter template first), then declaration order. Every path built from a vocabulary of segments is matched by the
/// generated tree and by a plain reference implementation of that rule written here; both must pick the same route.
/// </summary>
public sealed class MatchTreeTests
{
    private static readonly string[] Templates =
    [
        "/",
        "/a/b",
        "/a/{x:int}",
        "/a/{x}",
        "/a/{*rest}",
        "/{x:int}/b",
        "/{x}/{y}",
        "/{x:long}/b/c",
        "/m/{x:int}/z/{y}",
        "/m/{x:long}/z/w",
        "/t/{x:int}",
        "/t/{y:long}",
        "/q/{x:bool}",
        "/q/{x:guid}",
        "/q/{x:int}/{*rest}",
        "/b/{*rest}",
        "/b/c/{*rest}",
        "/c/c/c/c/c/{*rest}",
        "/{*all}",
    ];

    private static readonly string[] Vocabulary =
        ["a", "b", "c", "m", "t", "q", "z", "w", "5", "-3", "99999999999", "true", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", ""];

    private static readonly Lazy<RouteTable> Table = new(() => Compile(Templates));

    // Enough literals in one position that the generator splits the switch by length and then by character:
    // "w0".."w119" (lengths 2-4, 100 of length 4), each with a typed and a string sibling, plus a catch-all.
    private static readonly string[] ManyTemplates =
    [
        .. Enumerable.Range(0, 120).Select(i => $"/w{i}/list"),
        .. Enumerable.Range(0, 120).Select(i => $"/api/w{i}/{{id:int}}"),
        "/api/{name}/{id:int}",
        "/{x:int}/list",
        "/{x}/list",
        "/api/w7/{*rest}",
    ];

    private static readonly Lazy<RouteTable> ManyTable = new(() => Compile(ManyTemplates));

    private static RouteTable Compile(string[] templates)
    {
        var source = GeneratorHarness.Usings + "namespace Tree;\n" + string.Concat(templates.Select((t, i) =>
            $"[Route(\"{t}\")] public sealed class H{i} : RequestHandler {{ public void Get({Parameters(t)}) {{ }} }}\n"));
        var output = GeneratorHarness.Run(source);
        Assert.Null(output.GeneratorException);
        Assert.Empty(output.GeneratorDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        var assembly = GeneratorHarness.Load(output.Compilation);
        return (RouteTable)assembly.GetType("Squall.Generated.Routes")!.GetProperty("Table")!.GetValue(null)!;
    }

    /// <summary>One verb parameter per route parameter, typed as the route says, so every handler binds.</summary>
    private static string Parameters(string template) => string.Join(", ", template.Split('/')
        .Where(s => s.StartsWith('{'))
        .Select(s => s.Trim('{', '}', '*').Split(':'))
        .Select(p => (p.Length == 1 ? "string" : p[1] switch { "int" => "int", "long" => "long", "guid" => "System.Guid", _ => "bool" }) + " " + p[0]));

    [Fact]
    public void ASwitchSplitByLengthAndCharacterPicksTheSameRouteAsTheLinearScan()
    {
        var words = Enumerable.Range(0, 130).Select(i => $"w{i}")
            .Concat(["w", "x0", "w1x", "w12x", "W1", "w01", "5", "", "w7"]).ToList();
        var paths = new List<string>();
        foreach (var w in words)
        {
            paths.Add($"/{w}/list");
            paths.Add($"/{w}/lisT");
            paths.Add($"/api/{w}/5");
            paths.Add($"/api/{w}/x");
            paths.Add($"/api/{w}/5/6");
        }
        var mismatches = Compare(ManyTable.Value, ManyTemplates, paths);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {paths.Count} paths differ:\n" + string.Join("\n", mismatches.Take(20)));
    }

    private static List<string> Compare(RouteTable table, string[] templates, IEnumerable<string> paths)
    {
        var mismatches = new List<string>();
        foreach (var path in paths)
        {
            var values = default(RouteValues);
            var entry = table.Match(path, ref values);
            string actual = entry is null ? "none" : entry.Template;
            int expectedIndex = Reference(templates, path);
            string expected = expectedIndex < 0 ? "none" : templates[expectedIndex];
            if (actual != expected) mismatches.Add($"{path}: tree {actual}, reference {expected}");
        }
        return mismatches;
    }

    [Fact]
    public void TreePicksTheSameRouteAsTheLinearPrecedenceScanForEveryPath()
    {
        var paths = new List<string> { "/", "", "x", "/c/c/c/c/c", "/c/c/c/c/c/", "/c/c/c/c/c/x/y/z", "/c/c/c/c/x/y/z", "/b/c/d/e/f/g", "/a/b/c/d/e/f/g/h" };
        foreach (var a in Vocabulary)
        {
            paths.Add("/" + a);
            foreach (var b in Vocabulary)
            {
                paths.Add($"/{a}/{b}");
                foreach (var c in Vocabulary)
                {
                    paths.Add($"/{a}/{b}/{c}");
                    foreach (var d in Vocabulary) paths.Add($"/{a}/{b}/{c}/{d}");
                }
            }
        }
        var mismatches = Compare(Table.Value, Templates, paths);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {paths.Count} paths differ:\n" + string.Join("\n", mismatches.Take(20)));
    }

    [Theory]
    [InlineData("/a/b", "/a/b")]                       // literal before typed before string
    [InlineData("/a/5", "/a/{x:int}")]
    [InlineData("/a/x", "/a/{x}")]
    [InlineData("/a/", "/a/{*rest}")]                  // an empty segment is no string parameter
    [InlineData("/5/b", "/{x:int}/b")]                 // a typed first segment beats a string one
    [InlineData("/x/b", "/{x}/{y}")]
    [InlineData("/m/5/z/w", "/m/{x:long}/z/w")]        // mixed constraints: the later literal decides, not the constraint
    [InlineData("/m/5/z/v", "/m/{x:int}/z/{y}")]
    [InlineData("/t/5", "/t/{x:int}")]                 // same kinds: declaration order
    [InlineData("/t/99999999999", "/t/{y:long}")]
    [InlineData("/b/c/d", "/b/c/{*rest}")]             // the longer catch-all prefix first
    [InlineData("/b/d/e", "/b/{*rest}")]
    [InlineData("/c/c/c/c/c/x/y/z", "/c/c/c/c/c/{*rest}")] // more segments than any exact route
    [InlineData("/c/c/c/c/d/x/y/z", "/{*all}")]
    public void LiteralTypedAndStringSegmentsKeepTheirPrecedenceInTheTree(string path, string template)
    {
        var values = default(RouteValues);
        Assert.Equal(template, Table.Value.Match(path, ref values)?.Template);
    }

    /// <summary>The rule, written plainly: sort by kinds from the left (shorter first), then declaration; first match wins.</summary>
    private static int Reference(string[] templates, string path)
    {
        if (path.Length == 0 || path[0] != '/') return -1;
        string[] segments = path.Length == 1 ? [] : path[1..].Split('/');
        var order = Enumerable.Range(0, templates.Length).OrderBy(i => i, Comparer<int>.Create((x, y) => ComparePrecedence(templates, x, y)));
        foreach (int i in order)
            if (Matches(Parse(templates[i]), segments)) return i;
        return -1;
    }

    private static int ComparePrecedence(string[] templates, int x, int y)
    {
        var a = Parse(templates[x]);
        var b = Parse(templates[y]);
        for (int i = 0; i < a.Count && i < b.Count; i++)
            if (a[i].Kind != b[i].Kind) return a[i].Kind.CompareTo(b[i].Kind);
        return a.Count != b.Count ? a.Count.CompareTo(b.Count) : x.CompareTo(y);
    }

    private static bool Matches(List<(int Kind, string Text)> template, string[] segments)
    {
        bool catchAll = template.Count > 0 && template[^1].Kind == 3;
        int fixedCount = catchAll ? template.Count - 1 : template.Count;
        if (catchAll ? !(segments.Length > fixedCount || (segments.Length == 0 && fixedCount == 0)) : segments.Length != fixedCount)
            return false;
        for (int i = 0; i < fixedCount; i++)
        {
            var (kind, text) = template[i];
            string s = segments[i];
            bool ok = kind switch
            {
                0 => s == text,
                1 => text switch
                {
                    "int" => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
                    "long" => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
                    "guid" => Guid.TryParse(s, out _),
                    _ => bool.TryParse(s, out _),
                },
                _ => s.Length > 0,
            };
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>Kinds as the generator orders them: 0 literal (text), 1 typed (constraint), 2 string, 3 catch-all.</summary>
    private static List<(int Kind, string Text)> Parse(string template) =>
        template == "/" ? [] : template[1..].Split('/').Select(s =>
            !s.StartsWith('{') ? (0, s)
            : s.StartsWith("{*") ? (3, "")
            : s.Contains(':') ? (1, s[(s.IndexOf(':') + 1)..^1])
            : (2, "")).ToList();
}
