using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Squall.Generators.Tests;

/// <summary>The <c>[Coroutine]</c> companion: emitted for partial types, runs the iterator through Gen.Run.</summary>
public sealed class CoroutineGeneratorTests
{
    private const string Source = GeneratorHarness.Usings + """
        using System;
        using System.Collections.Generic;
        namespace Co;

        public static partial class Math2
        {
            [Coroutine]
            public static IEnumerable<object?> Add(int a, int b)
            {
                yield return Gen.Sleep(TimeSpan.FromMilliseconds(1));
                yield return Gen.Return(a + b);
            }

            [Coroutine]
            internal static IEnumerable<object?> Nothing(string @event)
            {
                yield return Gen.Moment;
            }
        }

        public static class NotPartial
        {
            [Coroutine]
            public static IEnumerable<object?> Skipped() { yield return Gen.Return(1); }
        }
        """;

    private static (Compilation Output, GeneratorDriverRunResult Result) Run(string source)
    {
        var compilation = GeneratorHarness.CreateCompilation(source);
        var driver = CSharpGeneratorDriver.Create([new CoroutineGenerator().AsSourceGenerator()],
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest));
        driver = (CSharpGeneratorDriver)driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (output, driver.GetRunResult());
    }

    [Fact]
    public void CompanionMatchesBaselineAndCompilesCleanly()
    {
        var (output, result) = Run(Source);
        Assert.Null(result.Results.Single().Exception);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var sources = result.Results.Single().GeneratedSources.OrderBy(s => s.HintName).ToList();
        Assert.Equal(2, sources.Count); // NotPartial.Skipped gets none
        Approvals.Verify("Coroutine.Add", sources[0].SourceText.ToString());
        Approvals.Verify("Coroutine.Nothing", sources[1].SourceText.ToString());
    }

    private const string Overloads = GeneratorHarness.Usings + """
        using System.Collections.Generic;
        namespace Co;

        public static partial class Sums
        {
            [Coroutine]
            public static IEnumerable<object?> Add(int a, int b) { yield return Gen.Moment; yield return Gen.Return(a + b); }

            [Coroutine]
            public static IEnumerable<object?> Add(long a, long b) { yield return Gen.Moment; yield return Gen.Return(a + b + 1000); }

            [Coroutine]
            public static IEnumerable<object?> Count(List<int> items) { yield return Gen.Return(items.Count); }

            [Coroutine]
            public static IEnumerable<object?> Count(List<int?> items) { yield return Gen.Return(-items.Count); }
        }
        """;

    [Fact]
    public void OverloadsWithTheSameNameAndArityGetOneFileEach()
    {
        var (output, result) = Run(Overloads);
        Assert.Null(result.Results.Single().Exception);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var hints = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Equal(4, hints.Count);
        Assert.Equal(4, hints.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains(hints, h => h.StartsWith("Co.Sums.Add.int-int.", StringComparison.Ordinal));
        Assert.Contains(hints, h => h.StartsWith("Co.Sums.Add.long-long.", StringComparison.Ordinal));

        var type = GeneratorHarness.Load(output).GetType("Co.Sums")!;
        using var loop = new IOLoop();
        loop.MakeCurrent();
        var addInt = type.GetMethod("AddAsync", [typeof(int), typeof(int)])!;
        var addLong = type.GetMethod("AddAsync", [typeof(long), typeof(long)])!;
        var countNullable = type.GetMethod("CountAsync", [typeof(List<int?>)])!;
        Assert.Equal(3, loop.RunSync(() => (Future<int>)addInt.Invoke(null, [1, 2])!, TimeSpan.FromSeconds(10)));
        Assert.Equal(1003L, loop.RunSync(() => (Future<long>)addLong.Invoke(null, [1L, 2L])!, TimeSpan.FromSeconds(10)));
        Assert.Equal(-2, loop.RunSync(() => (Future<int>)countNullable.Invoke(null, [new List<int?> { 1, null }])!, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void CompanionRunsTheIteratorAndReturnsItsValue()
    {
        var (output, _) = Run(Source);
        var type = GeneratorHarness.Load(output).GetType("Co.Math2")!;
        var addAsync = type.GetMethod("AddAsync")!;
        using var loop = new IOLoop();
        loop.MakeCurrent();
        int sum = loop.RunSync(() => (Future<int>)addAsync.Invoke(null, [2, 40])!, TimeSpan.FromSeconds(10));
        Assert.Equal(42, sum);
    }
}
