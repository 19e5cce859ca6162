using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Squall.Analyzers.Tests.Harness;

/// <summary>
/// Applies one code fix in an in-memory workspace and checks the result: the exact fixed source, and that the
/// fixed project compiles with no errors and no longer reports the diagnostic at that place.
/// </summary>
internal static class CodeFixVerifier
{
    public static async Task VerifyAsync(
        DiagnosticAnalyzer analyzer, CodeFixProvider fix, string source, string expected, string equivalenceKey)
    {
        var document = CreateDocument(source);
        var diagnostics = await GetDiagnosticsAsync(document, analyzer);
        Assert.NotEmpty(diagnostics);
        var diagnostic = diagnostics[0];

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None);
        await fix.RegisterCodeFixesAsync(context);
        var action = actions.SingleOrDefault(a => a.EquivalenceKey == equivalenceKey);
        Assert.True(action is not null, $"No fix '{equivalenceKey}'; offered: {string.Join(", ", actions.Select(a => a.EquivalenceKey))}");

        var operations = await action!.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var fixedDocument = changed.GetDocument(document.Id)!;
        var text = (await fixedDocument.GetTextAsync()).ToString();
        Assert.Equal(Normalize(expected), Normalize(text));

        var compilation = (await fixedDocument.Project.GetCompilationAsync())!;
        TestCompilation.AssertCompiles(compilation);
        var after = await GetDiagnosticsAsync(fixedDocument, analyzer);
        Assert.True(after.Length < diagnostics.Length, "The fix did not remove the diagnostic:\n" + string.Join("\n", after));
    }

    /// <summary>The equivalence keys of the fixes offered for the first diagnostic (to test that a fix backs off).</summary>
    public static async Task<IReadOnlyList<string?>> OfferedAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, string source)
    {
        var document = CreateDocument(source);
        var diagnostics = await GetDiagnosticsAsync(document, analyzer);
        Assert.NotEmpty(diagnostics);
        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostics[0], (a, _) => actions.Add(a), CancellationToken.None));
        return actions.Select(a => a.EquivalenceKey).ToList();
    }

    private static Document CreateDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(projectId, "TestProject", "TestProject", LanguageNames.CSharp)
            .WithProjectCompilationOptions(projectId, TestCompilation.Options)
            .WithProjectParseOptions(projectId, TestCompilation.ParseOptions)
            .AddMetadataReferences(projectId, TestCompilation.References);
        if (Fixtures.Source is { } fixtures)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), "Fixtures.cs", SourceText.From(fixtures));
        }
        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, "Test0.cs", SourceText.From(source));
        return solution.GetDocument(documentId)!;
    }

    private static async Task<ImmutableArray<Diagnostic>> GetDiagnosticsAsync(Document document, DiagnosticAnalyzer analyzer)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var all = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(all, d => d.Id == "AD0001");
        var tree = await document.GetSyntaxTreeAsync();
        return all.Where(d => d.Location.SourceTree == tree).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    private static string Normalize(string s) => s.Replace("\r\n", "\n");
}
