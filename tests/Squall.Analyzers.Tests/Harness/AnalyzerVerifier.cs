using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Squall.Analyzers.Tests.Harness;

/// <summary>Expected diagnostic: the ID and the exact rendered message (its span comes from the markup).</summary>
internal readonly record struct Expected(string Id, string Message, DiagnosticSeverity? Severity = null);

/// <summary>Runs analyzers over markup source and compares diagnostics with the marked spans, IDs and messages.</summary>
internal static class AnalyzerVerifier
{
    public static async Task<ImmutableArray<Diagnostic>> RunAsync(string source, params DiagnosticAnalyzer[] analyzers)
    {
        var compilation = TestCompilation.Create(source);
        TestCompilation.AssertCompiles(compilation);
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null,
            concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers.ToImmutableArray(), options);
        var all = await withAnalyzers.GetAllDiagnosticsAsync();
        // An analyzer that throws reports AD0001: fail loudly instead of passing with no diagnostics.
        Assert.DoesNotContain(all, d => d.Id == "AD0001");
        var ids = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
        return all.Where(d => ids.Contains(d.Id) && d.Location.SourceTree?.FilePath != "Fixtures.cs")
            .OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    public static async Task VerifyAsync(DiagnosticAnalyzer analyzer, string markup, params Expected[] expected)
    {
        var (source, spans) = Markup.Parse(markup);
        Assert.Equal(spans.Count, expected.Length);
        var diagnostics = await RunAsync(source, analyzer);
        var actual = string.Join("\n", diagnostics.Select(d => $"{d.Id} {d.Location.SourceSpan} '{source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)}': {d.GetMessage()}"));
        Assert.True(diagnostics.Length == expected.Length, $"Expected {expected.Length} diagnostics, got {diagnostics.Length}:\n{actual}");
        for (int i = 0; i < expected.Length; i++)
        {
            var d = diagnostics[i];
            Assert.Equal(expected[i].Id, d.Id);
            Assert.Equal(spans[i], d.Location.SourceSpan);
            Assert.Equal(expected[i].Message, d.GetMessage());
            if (expected[i].Severity is { } severity) Assert.Equal(severity, d.Severity);
            Assert.EndsWith($"docs/diagnostics/{d.Id}.md", d.Descriptor.HelpLinkUri);
        }
    }

    public static Task VerifyNoneAsync(DiagnosticAnalyzer analyzer, string source) => VerifyAsync(analyzer, source);
}
