using Microsoft.CodeAnalysis;

namespace Squall.Generators.Tests;

/// <summary>Golden files of the generated source, and the guarantee that it compiles cleanly.</summary>
public sealed class GeneratedSourceTests
{
    [Fact]
    public void AllShapesMatchBaseline()
    {
        var output = GeneratorHarness.Run(HandlerSources.AllShapes);
        Assert.Null(output.GeneratorException);
        Approvals.Verify("AllShapes.Routes", output.Routes);
        Approvals.Verify("AllShapes.Urls", output.Urls);
    }

    [Fact]
    public void NoHandlersGivesAnEmptyTable()
    {
        var output = GeneratorHarness.Run(GeneratorHarness.Usings + "public sealed class NotAHandler { }");
        Approvals.Verify("Empty.Routes", output.Routes);
        Assert.Empty(output.Problems);
    }

    [Fact]
    public void GeneratedCodeCompilesWithoutWarnings()
    {
        var output = GeneratorHarness.Run(HandlerSources.AllShapes);
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.Empty(output.Problems);
    }

    [Fact]
    public void MainHandlerBesideTopLevelStatementsIsNoEntryPointWarning()
    {
        // Urls.Main() (from MainHandler) is not an entry point; the compiler would say CS7022 about it in a program
        // with top-level statements, and that is an error under TreatWarningsAsErrors.
        var compilation = GeneratorHarness.CreateCompilation(
                GeneratorHarness.Usings + "System.Console.WriteLine(Squall.Generated.Urls.Main());\n" +
                "[Route(\"/\")] public sealed class MainHandler : RequestHandler { public void Get() { } }")
            .WithOptions(new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.ConsoleApplication,
                nullableContextOptions: NullableContextOptions.Enable));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Theory]
    [InlineData("[Route(\"/bad/{id\")] public sealed class H : RequestHandler { public void Get() { } }")]
    [InlineData("[Route(\"/a/{id}\")] public sealed class H : RequestHandler { public void Get(int other) { } }")]
    [InlineData("[Route(\"/a\")] public sealed class H : RequestHandler { public H(int x) { } public H(string s) { } public void Get() { } }")]
    [InlineData("[Route(\"/a\")] public sealed class H : RequestHandler { public H(ref int x) { } public void Get() { } }")]
    [InlineData("[Route(\"/a\")] public sealed class H : RequestHandler { private H() { } public void Get() { } }")]
    [InlineData("[Route(\"/a\")] public abstract class H : RequestHandler { public void Get() { } }")]
    [InlineData("[Route(\"/a\")] public sealed class H { public void Get() { } }")]
    [InlineData("[Route(\"/a\")] public sealed class H : RequestHandler { public void Get() { } public void Get(int x) { } }")]
    [InlineData("[Route(\"/a\")] public sealed class H : RequestHandler { public int Get() => 1; }")]
    [InlineData("[Route(Regex = \"/a/(\")] public sealed class H : RequestHandler { public void Get() { } }")]
    [InlineData("[Route(\"/a\")] public sealed class H<T> : RequestHandler { public void Get() { } }")]
    public void HandlerThatCannotBeEmittedIsSkippedWithoutFailingTheBuild(string source)
    {
        var output = GeneratorHarness.Run(GeneratorHarness.Usings + source);
        Assert.Null(output.GeneratorException);
        Assert.Empty(output.GeneratorDiagnostics);
        Assert.DoesNotContain("Create_", output.Routes);
        Assert.DoesNotContain(output.Problems, d => d.Location.SourceTree?.FilePath.Contains("Squall.Generated") == true);
    }

    [Theory]
    [InlineData("classHandler", "class")]
    [InlineData("MemberwiseCloneHandler", "MemberwiseClone")]
    [InlineData("EqualsHandler", "Equals")]
    public void DefaultUrlNameNoMethodCanHaveIsServedWithoutABuilder(string handler, string name)
    {
        var output = GeneratorHarness.Run(GeneratorHarness.Usings + $"[Route(\"/k\")] public sealed class {handler} : RequestHandler {{ public void Get() {{ }} }}");
        Assert.Empty(output.Problems); // SQ2017 (a warning from the analyzers) explains the missing builder
        Assert.Contains($"Create_0", output.Routes);
        Assert.DoesNotContain($" {name}(", output.Urls);
    }

    [Fact]
    public void PartialHandlerWithRoutesInTwoFilesIsOneHandler()
    {
        var output = GeneratorHarness.Run(
            GeneratorHarness.Usings + "[Route(\"/a\")] public sealed partial class H : RequestHandler { public void Get() { } }",
            GeneratorHarness.Usings + "[Route(\"/b\")] public sealed partial class H { }");
        Assert.Empty(output.Problems);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(output.Routes, "private static global::Squall.Web.RequestHandler Create_"));
        Assert.Contains("Execute_1", output.Routes);
    }
}

/// <summary>Which handlers the generator pools: only those that cannot observe reuse.</summary>
public sealed class PoolingTests
{
    [Theory]
    [InlineData("public void Get() => Write(\"x\");", true)]
    [InlineData("public Future Get() => Future.Completed;", true)]
    [InlineData("private int _count; public void Get() => Write(\"x\" + _count++);", false)]
    [InlineData("public int Count { get; set; } public void Get() => Write(\"x\");", false)]
    [InlineData("public override Future Prepare() => Future.Completed; public void Get() { }", false)]
    [InlineData("public override void OnFinish() { } public void Get() { }", false)]
    [InlineData("private static int s_count; public void Get() => Write(\"x\" + s_count++);", true)]
    public void PoolsOnlyStatelessSynchronousHandlers(string members, bool pooled)
    {
        var output = GeneratorHarness.Run(GeneratorHarness.Usings + "[Route(\"/a\")] public sealed class H : RequestHandler { " + members + " }");
        Assert.Empty(output.Problems);
        Assert.Equal(pooled, output.Routes.Contains("HandlerPool<global::H>.Rent()"));
    }

    // Async verbs (issue 16, goal 7): pooled only when nothing in the class can hold the handler past its request.
    [Theory]
    [InlineData("public async Future Get() { await Gen.Moment; SetHeader(\"Content-Type\", \"text/plain\"); Write(\"x\"); }", true)]
    [InlineData("public async Future Get() { Write(\"x\"); await Flush(); await this.Flush(); }", true)]
    [InlineData("public async Future Get() { await Work(); } private async Future Work() { await Gen.Moment; Write(\"x\"); }", true)]
    [InlineData("public async Future Get() { IOLoop.Current.CallLater(System.TimeSpan.FromSeconds(1), () => Write(\"late\")); await Gen.Moment; }", false)]
    [InlineData("public async Future Get() { IOLoop.Current.AddCallback(Late); await Gen.Moment; } private void Late() => Write(\"late\");", false)]
    [InlineData("public async Future Get() { await Gen.WithTimeout(System.TimeSpan.FromSeconds(1), Work()); } private async Future Work() { await Gen.Moment; Write(\"x\"); }", false)]
    [InlineData("public async Future Get() { _ = Flush(); await Gen.Moment; }", false)]
    [InlineData("public async Future Get() { var f = Flush(); await f; }", false)]
    [InlineData("private static RequestHandler? s_last; public async Future Get() { s_last = this; await Gen.Moment; }", false)]
    [InlineData("public async Future Get() { Later(); await Gen.Moment; } private async void Later() { await Gen.Moment; Write(\"late\"); }", false)]
    [InlineData("public async Future Get() { await Gen.Moment; Local(); void Local() => Write(\"x\"); }", false)]
    [InlineData("private int _n; public async Future Get() { await Gen.Moment; Write(\"x\" + _n++); }", false)]
    public void PoolsAsyncHandlersOnlyWhenNothingOutlivesTheRequest(string members, bool pooled)
    {
        var output = GeneratorHarness.Run(GeneratorHarness.Usings + "[Route(\"/a\")] public sealed class H : RequestHandler { " + members + " }");
        Assert.Empty(output.Problems);
        Assert.Equal(pooled, output.Routes.Contains("HandlerPool<global::H>.Rent()"));
    }
}

/// <summary>Without Squall referenced, the generator stays silent instead of emitting code that cannot compile.</summary>
public sealed class NoRuntimeTests
{
    [Fact]
    public void EmitsNothingWithoutTheRuntime()
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Bare",
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("public class C { }")],
            Basic.Reference.Assemblies.Net100.References.All,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        Assert.Empty(driver.GetRunResult().GeneratedTrees);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }
}
