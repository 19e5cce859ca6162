using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Squall.Analyzers.Tests;

/// <summary>Every rule is documented, tracked for release and registered the way the issue asks.</summary>
public sealed class DescriptorTests
{
    private static readonly DiagnosticAnalyzer[] Analyzers = typeof(Squall.Analyzers.Blocking.SQ1001BlockingCallOnLoop).Assembly
        .GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToArray();

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Generated.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public void EveryRuleHasOneAnalyzerFile()
    {
        var ids = Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(x => x).ToArray();
        Assert.Equal(["SQ1001", "SQ1002", "SQ1003", "SQ2001", "SQ2002", "SQ2003", "SQ2004", "SQ2005", "SQ2006", "SQ2007", "SQ2008", "SQ2009",
            "SQ2010", "SQ2011", "SQ2012", "SQ2013", "SQ2014", "SQ2015", "SQ2016", "SQ2017", "SQ3001", "SQ3002", "SQ3003", "SQ3004"], ids);
        foreach (var analyzer in Analyzers)
        {
            var id = (string)analyzer.GetType().GetField("Id")!.GetValue(null)!;
            Assert.StartsWith(id, analyzer.GetType().Name);
        }
    }

    [Fact]
    public void EveryRuleHasADocPageWithWrongRightAndLimitations()
    {
        var root = RepoRoot();
        var unshipped = File.ReadAllText(Path.Combine(root, "src/Analyzers/AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in Analyzers.SelectMany(a => a.SupportedDiagnostics))
        {
            var page = Path.Combine(root, "docs/diagnostics", descriptor.Id + ".md");
            Assert.True(File.Exists(page), page);
            var text = File.ReadAllText(page);
            Assert.Contains("## Wrong", text);
            Assert.Contains("## Right", text);
            Assert.Contains("## Known limitations", text);
            Assert.Equal($"https://github.com/squall/squall/blob/main/docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
            Assert.Contains(descriptor.Id + " |", unshipped);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()));
            Assert.StartsWith("Squall.", descriptor.Category);
        }
    }

    [Fact]
    public void AnalyzersRunConcurrentlyAndSkipGeneratedCode()
    {
        foreach (var analyzer in Analyzers)
        {
            var context = new RecordingContext();
            analyzer.Initialize(context);
            Assert.True(context.Concurrent, analyzer.GetType().Name);
            Assert.Equal(GeneratedCodeAnalysisFlags.None, context.GeneratedCode);
            Assert.True(context.CompilationStart, analyzer.GetType().Name + " looks types up once per compilation");
        }
    }

    private sealed class RecordingContext : AnalysisContext
    {
        public bool Concurrent;
        public bool CompilationStart;
        public GeneratedCodeAnalysisFlags? GeneratedCode;

        public override void EnableConcurrentExecution() => Concurrent = true;
        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCode = analysisMode;
        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => CompilationStart = true;
        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) { }
        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) { }
        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, System.Collections.Immutable.ImmutableArray<SymbolKind> symbolKinds) { }
        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) { }
        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) { }
        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) { }
        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, System.Collections.Immutable.ImmutableArray<TLanguageKindEnum> syntaxKinds) { }
    }
}
