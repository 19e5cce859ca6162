extern alias generators;

using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Tests.Harness;

namespace Squall.Analyzers.Tests;

/// <summary>The samples are the code users copy: compiled as their build does (with the route generator), they compile
/// and every Squall analyzer is silent on them.</summary>
public sealed class SampleTests
{
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(RepoRoot(), "samples")).OrderBy(d => d)) data.Add(Path.GetFileName(dir));
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task SampleCompilesWithNoSquallDiagnostics(string sample)
    {
        var dir = Path.Combine(RepoRoot(), "samples", sample);
        var files = Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.NotEmpty(files);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), TestCompilation.ParseOptions, path: f))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, TestCompilation.ParseOptions, path: "GlobalUsings.cs"));
        var compilation = CSharpCompilation.Create(sample, trees, TestCompilation.References.AddRange(HostingReferences()),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication).WithNullableContextOptions(NullableContextOptions.Enable));

        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new generators::Squall.Generators.RouteGenerator().AsSourceGenerator(), .. SdkGenerators("System.Text.Json.SourceGeneration")],
            parseOptions: TestCompilation.ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
        TestCompilation.AssertCompiles(generated);

        var analyzers = typeof(Squall.Analyzers.Blocking.SQ1001BlockingCallOnLoop).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var diagnostics = await generated.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics));
    }

    /// <summary>Squall.Hosting and the Microsoft.Extensions assemblies beside this test (the hosted sample needs them).</summary>
    private static IEnumerable<MetadataReference> HostingReferences() =>
        Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.Extensions.*.dll")
            .Where(f => !f.EndsWith("Logging.Abstractions.dll", StringComparison.Ordinal)) // already referenced
            .Append(typeof(Squall.Hosting.SquallOptions).Assembly.Location)
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f));

    /// <summary>A source generator the SDK ships in the targeting pack (the samples use System.Text.Json's).</summary>
    private static IEnumerable<ISourceGenerator> SdkGenerators(string name)
    {
        // .../dotnet/shared/Microsoft.NETCore.App/<version>/ → .../dotnet/packs/Microsoft.NETCore.App.Ref/<version>/analyzers/dotnet/cs/
        var runtime = new DirectoryInfo(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        var dotnet = runtime.Parent!.Parent!.Parent!.FullName;
        var path = Directory.GetFiles(Path.Combine(dotnet, "packs", "Microsoft.NETCore.App.Ref"), name + ".dll", SearchOption.AllDirectories)
            .Where(p => p.Contains(Path.Combine("analyzers", "dotnet", "cs")))
            .OrderByDescending(p => p, StringComparer.Ordinal)
            .FirstOrDefault();
        Assert.True(path is not null, name + " not found under " + dotnet);
        return new AnalyzerFileReference(path!, new Loader()).GetGenerators(LanguageNames.CSharp);
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath) { }
        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Generated.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("repository root not found");
    }
}
