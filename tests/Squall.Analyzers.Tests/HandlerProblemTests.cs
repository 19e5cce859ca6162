extern alias generators;

using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Routes;
using Squall.Analyzers.Tests.Harness;
using Squall.Generators.Handlers;

namespace Squall.Analyzers.Tests;

/// <summary>
/// The one handler model: for every reason the builder can refuse a handler, the analyzers report an SQ2xxx error
/// and the generator skips that handler (and only that one). A new <see cref="HandlerProblemKind"/> without a sample
/// here, or without a diagnostic, fails this test.
/// </summary>
public sealed class HandlerProblemTests
{
    private const string Ok = "\n[Route(\"/ok\")]\npublic sealed class Ok : RequestHandler { public void Get() => Write(\"ok\"); }\n";

    private static readonly Dictionary<HandlerProblemKind, string> Samples = new()
    {
        [HandlerProblemKind.NotAHandler] = "[Route(\"/h\")] public sealed class H { public void Get() { } }",
        [HandlerProblemKind.AbstractClass] = "[Route(\"/h\")] public abstract class H : RequestHandler { public void Get() { } }",
        [HandlerProblemKind.GenericClass] = "[Route(\"/h\")] public sealed class H<T> : RequestHandler { public void Get() { } }",
        [HandlerProblemKind.InaccessibleClass] = "public static class Outer { [Route(\"/h\")] private sealed class H : RequestHandler { public void Get() { } } }",
        [HandlerProblemKind.NoAccessibleConstructor] = "[Route(\"/h\")] public sealed class H : RequestHandler { public H(int x) { } public void Get() { } }",
        [HandlerProblemKind.MissingTemplate] = "[Route] public sealed class H : RequestHandler { public void Get() { } }",
        [HandlerProblemKind.MalformedTemplate] = "[Route(\"/h/{id\")] public sealed class H : RequestHandler { public void Get() { } }",
        [HandlerProblemKind.InvalidRegex] = "[Route(Regex = \"/h/(\")] public sealed class H : RequestHandler { public void Get() { } }",
        [HandlerProblemKind.InvalidRouteName] = "[Route(\"/h\", Name = \"not valid\")] public sealed class H : RequestHandler { public void Get() { } }",
        [HandlerProblemKind.TemplateAndRegex] = "[Route(\"/h\", Regex = \"/h\")] public sealed class H : RequestHandler { public void Get() { } }",
        [HandlerProblemKind.TooManyRouteValues] = TooManyValues(),
        [HandlerProblemKind.OverloadedVerb] = "[Route(\"/h\")] public sealed class H : RequestHandler { public void Get() { } public void Get(string x) { } }",
        [HandlerProblemKind.InaccessibleVerb] = "[Route(\"/h\")] public sealed class H : RequestHandler { protected void Get() { } }",
        [HandlerProblemKind.GenericVerb] = "[Route(\"/h\")] public sealed class H : RequestHandler { public void Get<T>() { } }",
        [HandlerProblemKind.VerbReturnType] = "[Route(\"/h\")] public sealed class H : RequestHandler { public int Get() => 1; }",
        [HandlerProblemKind.VerbOnWebSocketHandler] = "[Route(\"/h\")] public sealed class H : WebSocketHandler { public void Get() { } }",
        [HandlerProblemKind.RefOrParamsParameter] = "[Route(\"/h\")] public sealed class H : RequestHandler { public void Get(params string[] rest) { } }",
        [HandlerProblemKind.RouteParameterNotTaken] = "[Route(\"/h/{x}\")] public sealed class H : RequestHandler { public void Get() { } }",
        [HandlerProblemKind.MethodParameterNotBound] = "[Route(\"/h\")] public sealed class H : RequestHandler { public void Get(string x) { } }",
        [HandlerProblemKind.ParameterTypeMismatch] = "[Route(\"/h/{x}\")] public sealed class H : RequestHandler { public void Get(int x) { } }",
        [HandlerProblemKind.RegexParameterNotString] = "[Route(Regex = \"/h/([0-9]+)\")] public sealed class H : RequestHandler { public void Get(int x) { } }",
        [HandlerProblemKind.RegexGroupCountMismatch] = "[Route(Regex = \"/h/([0-9]+)\")] public sealed class H : RequestHandler { public void Get() { } }",
    };

    private static string TooManyValues()
    {
        var names = Enumerable.Range(0, HandlerModelBuilder.MaxRouteValues + 1).Select(i => "p" + i).ToList();
        return $"[Route(\"/{string.Join("/", names.Select(n => "{" + n + "}"))}\")] public sealed class H : RequestHandler "
            + $"{{ public void Get({string.Join(", ", names.Select(n => "string " + n))}) {{ }} }}";
    }

    public static TheoryData<string> Kinds() => new(Enum.GetNames<HandlerProblemKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task EveryProblemIsAnErrorDiagnosticAndTheGeneratorSkipsThatHandler(string kindName)
    {
        var kind = Enum.Parse<HandlerProblemKind>(kindName);
        Assert.True(Samples.TryGetValue(kind, out var sample), $"No sample for {kind}: add one to {nameof(Samples)}.");
        var source = Sources.WithUsings(sample + Ok);

        // The builder refuses H for exactly this reason.
        var compilation = TestCompilation.Create(source);
        var h = compilation.GetSymbolsWithName("H", SymbolFilter.Type).OfType<INamedTypeSymbol>().Single();
        var model = HandlerModelBuilder.Build(h, new KnownTypeSymbols(compilation), CancellationToken.None);
        Assert.Null(model.Spec);
        Assert.Equal([kind], model.Problems.Select(p => p.Kind).Distinct());

        // The analyzers report it as an error that says how to fix it, in source.
        var descriptor = HandlerProblemDiagnostics.DescriptorFor(kind);
        var diagnostics = await AnalyzerVerifier.RunAsync(source, AllAnalyzers());
        var reported = diagnostics.Where(d => d.Descriptor.Equals(descriptor)).ToList();
        Assert.True(reported.Count > 0, $"{kind}: no {descriptor.Id}; got:\n{string.Join("\n", diagnostics)}");
        Assert.All(reported, d =>
        {
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.True(d.Location.IsInSource);
            Assert.DoesNotMatch(@"\{\d+\}", d.GetMessage()); // every argument was supplied
        });

        // The generator emits Ok and skips H, without failing or emitting code that does not compile.
        var (routes, output, exception) = Generate(compilation);
        Assert.Null(exception);
        Assert.Contains("\"Ok\", Create_0", routes);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(routes, @"new global::Squall\.Web\.RouteEntry\("));
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.Contains("Squall.Generated") == true);
    }

    [Fact]
    public void ProblemKindsAreAllDistinctDiagnosticsOfRoutingRules()
    {
        foreach (var kind in Enum.GetValues<HandlerProblemKind>())
        {
            var descriptor = HandlerProblemDiagnostics.DescriptorFor(kind);
            Assert.StartsWith("SQ20", descriptor.Id);
            Assert.Equal(DiagnosticSeverity.Error, descriptor.DefaultSeverity);
            Assert.Contains(AllAnalyzers(), a => a.SupportedDiagnostics.Contains(descriptor));
        }
    }

    private static DiagnosticAnalyzer[] AllAnalyzers() => typeof(SQ2001MalformedRouteTemplate).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToArray();

    private static (string Routes, Compilation Output, Exception? Exception) Generate(Compilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new generators::Squall.Generators.RouteGenerator().AsSourceGenerator()], parseOptions: TestCompilation.ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult().Results.Single();
        var routes = result.GeneratedSources.Single(s => s.HintName == "Squall.Generated.Routes.g.cs").SourceText.ToString();
        return (routes, output, result.Exception);
    }
}
