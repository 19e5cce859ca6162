extern alias generators;

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Squall.Analyzers.Coroutines;
using Squall.Analyzers.Tests.Harness;

namespace Squall.Analyzers.Tests;

/// <summary>
/// SQ3004 fires exactly when the coroutine generator emits no companion: both ask <c>CoroutineShape</c>.
/// </summary>
public sealed class SQ3004CoroutineWithoutCompanionTests
{
    private const string Iterator = "[Coroutine] public static IEnumerable<object?> Run() { yield return Gen.Moment; }";

    [Theory]
    [InlineData("public static class C { " + Iterator + " }", "its containing type 'C' is not partial; declare it 'partial'")]
    [InlineData("public static partial class C<T> { " + Iterator + " }", "its containing type 'C' is generic; move it to a non-generic type")]
    [InlineData("public static partial class C { [Coroutine] public static IEnumerable<object?> Run<T>() { yield return Gen.Moment; } }", "it is generic; remove its type parameters")]
    [InlineData("public static partial class C { [Coroutine] public static int Run() => 1; }", "it returns 'int'; declare it 'IEnumerable<object?>' and yield futures")]
    [InlineData("public static partial class C { " + Iterator + " public static Future RunAsync() => Future.Completed; }", "'C' already declares 'RunAsync'; rename one of them")]
    [InlineData("public static partial class C { [Coroutine] public static IEnumerable<object?> Run(bool b) { if (b) yield return Gen.Return(1); else yield return Gen.Return(\"x\"); } }",
        "it returns values of several types through Gen.Return (int, string); return one type")]
    public async Task ReportedExactlyWhenTheGeneratorEmitsNoCompanion(string declaration, string reason)
    {
        var source = Sources.WithUsings("using System.Collections.Generic;\n" + declaration);
        var d = Assert.Single(await AnalyzerVerifier.RunAsync(source, new SQ3004CoroutineWithoutCompanion()));
        Assert.Equal($"[Coroutine] method 'Run' gets no 'RunAsync' companion: {reason}", d.GetMessage());
        Assert.Equal("Run", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        Assert.Empty(Generate(source));
    }

    [Fact]
    public async Task ValidCoroutineHasACompanionAndNoDiagnostic()
    {
        var source = Sources.WithUsings("using System.Collections.Generic;\npublic static partial class C { [Coroutine] public static IEnumerable<object?> Run(int x) { yield return Gen.Return(x); } }");
        Assert.Empty(await AnalyzerVerifier.RunAsync(source, new SQ3004CoroutineWithoutCompanion()));
        Assert.Single(Generate(source));
    }

    private static IReadOnlyList<GeneratedSourceResult> Generate(string source)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new generators::Squall.Generators.CoroutineGenerator().AsSourceGenerator()], parseOptions: TestCompilation.ParseOptions);
        var result = driver.RunGenerators(TestCompilation.Create(source)).GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return result.GeneratedSources;
    }
}
