using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Squall.Analyzers.Tests.Harness;

/// <summary>
/// Builds in-memory compilations against .NET 10 reference assemblies (Basic.Reference.Assemblies, so nothing is
/// downloaded) plus the real Squall.dll. Types not yet in Squall.dll (the web framework's RouteAttribute and
/// RequestHandler, [Coroutine]) come from <see cref="Fixtures"/> until their branches merge.
/// </summary>
internal static class TestCompilation
{
    public static readonly ImmutableArray<MetadataReference> References = Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(Squall.Future).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location))
        // Optional packages the samples use (Chat: --redis).
        .Append(MetadataReference.CreateFromFile(typeof(Squall.Redis.RedisMessageBus).Assembly.Location))
        .ToImmutableArray();

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly CSharpCompilationOptions Options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Enable);

    public static CSharpCompilation Create(params string[] sources)
    {
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Test{i}.cs")).ToList();
        if (Fixtures.Source is { } fixtures) trees.Add(CSharpSyntaxTree.ParseText(fixtures, ParseOptions, path: "Fixtures.cs"));
        return CSharpCompilation.Create("TestProject", trees, References, Options);
    }

    /// <summary>Fails the test with the compiler's errors, so a test never analyzes code that does not compile.</summary>
    public static void AssertCompiles(Compilation compilation, params string[] allowedErrorIds)
    {
        var errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && !allowedErrorIds.Contains(d.Id))
            .ToList();
        Assert.True(errors.Count == 0, "The test source does not compile:\n" + string.Join("\n", errors));
    }
}
