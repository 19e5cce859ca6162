using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Blocking;
using Squall.Analyzers.Tests.Harness;

namespace Squall.Analyzers.Tests;

public sealed class SQ1003LockOnLoopTests
{
    private static readonly SQ1003LockOnLoop Analyzer = new();

    [Fact]
    public Task PlainLockInAHandlerIsInfo() => AnalyzerVerifier.VerifyAsync(Analyzer, Sources.WithUsings("""
        public sealed class H : RequestHandler
        {
            private static readonly object Gate = new();
            private static int s_count;
            public void Get() { [|lock|] (Gate) { s_count++; } }
        }
        """), new Expected("SQ1003", "'lock' on the IOLoop thread blocks the loop while it is contended; use Squall's awaitable 'AsyncLock' instead", DiagnosticSeverity.Info));

    [Fact]
    public async Task LockAroundAnAwaitIsAWarning()
    {
        // The compiler rejects this too (CS1996); the analyzer still explains the loop-side problem.
        var source = Sources.WithUsings("""
            public static class C
            {
                private static readonly object Gate = new();
                public static async Future Work() { lock (Gate) { await Gen.Moment; } }
            }
            """);
        var compilation = TestCompilation.Create(source);
        var diagnostics = await compilation.WithAnalyzers([Analyzer]).GetAnalyzerDiagnosticsAsync();
        var d = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("'lock' on the IOLoop thread is held across an 'await'; use Squall's awaitable 'AsyncLock' instead", d.GetMessage());
        Assert.Equal("lock", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
    }

    [Fact]
    public Task LockOffTheLoopOrInsideAnExecutorLambdaIsFine() => AnalyzerVerifier.VerifyNoneAsync(Analyzer, Sources.WithUsings("""
        public static class C
        {
            private static readonly object Gate = new();
            public static void Sync() { lock (Gate) { } }
            public static async Future Work() { await IOLoop.Current.RunInExecutor(() => { lock (Gate) { } }); }
        }
        """));
}
