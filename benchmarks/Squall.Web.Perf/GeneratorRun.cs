using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Squall.Generators;

namespace Squall.Web.Perf;

/// <summary>Time for the route generator on a project of N handlers: first run, a fresh compilation, and an unrelated edit.</summary>
internal static class GeneratorRun
{
    public static void Run(int handlers)
    {
        var source = new StringBuilder("using Squall;\nusing Squall.Web;\nnamespace Many;\n");
        for (int i = 0; i < handlers; i++)
        {
            source.Append($"[Route(\"/h{i}/{{id:int}}/{{name}}\", Name = \"H{i}\")]\n");
            source.Append($"public sealed class Handler{i} : RequestHandler {{ public void Get(int id, string name) => Write(name + id); public Future Post(int id) => Future.Completed; }}\n");
        }
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        MetadataReference[] references =
        [
            .. Basic.Reference.Assemblies.Net100.References.All,
            MetadataReference.CreateFromFile(typeof(RequestHandler).Assembly.Location),
        ];
        // One file per 50 handlers, as a real project would spread them.
        var trees = source.ToString().Split("[Route(").Skip(1).Select((s, i) => (s, i)).GroupBy(x => x.i / 50)
            .Select(g => CSharpSyntaxTree.ParseText("using Squall;\nusing Squall.Web;\nnamespace Many;\n" + string.Concat(g.Select(x => "[Route(" + x.s.Replace("namespace Many;\n", ""))), options, path: $"File{g.Key}.cs"))
            .Append(CSharpSyntaxTree.ParseText("namespace Many; public static class Unrelated { public static int X => 1; }", options, path: "Unrelated.cs"))
            .ToList();
        var compilation = CSharpCompilation.Create("Many", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        GeneratorDriver Driver() => CSharpGeneratorDriver.Create([new RouteGenerator().AsSourceGenerator()], parseOptions: options,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        var sw = Stopwatch.StartNew();
        var driver = Driver().RunGenerators(compilation);
        double cold = sw.Elapsed.TotalMilliseconds;
        int emitted = driver.GetRunResult().GeneratedTrees.Sum(t => t.Length);

        sw.Restart();
        driver = Driver().RunGenerators(compilation);
        double warm = sw.Elapsed.TotalMilliseconds;

        var unrelated = compilation.SyntaxTrees.Single(t => t.FilePath == "Unrelated.cs");
        var edited = compilation.ReplaceSyntaxTree(unrelated,
            CSharpSyntaxTree.ParseText("namespace Many; public static class Unrelated { public static int X => 2; }", options, path: "Unrelated.cs"));
        sw.Restart();
        driver = driver.RunGenerators(edited);
        double incremental = sw.Elapsed.TotalMilliseconds;
        var reasons = driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs)
            .GroupBy(o => o.Reason).Select(g => $"{g.Key}={g.Count()}");

        Console.WriteLine($"generator, {handlers} handlers: first run {cold:F0} ms (includes JIT), fresh compilation {warm:F0} ms, " +
            $"unrelated edit {incremental:F1} ms (outputs: {string.Join(", ", reasons)}); {emitted / 1024} KiB generated");
    }
}
