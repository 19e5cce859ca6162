using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Blocking;

/// <summary>
/// SQ1003: a <c>lock</c> on the loop. Info for a plain lock (it blocks the loop only when contended); a warning
/// when the body awaits, since the lock would be held across a suspension (the compiler also rejects that, CS1996).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ1003LockOnLoop : SquallAnalyzer
{
    public const string Id = "SQ1003";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Lock on the IOLoop thread",
        messageFormat: "'lock' on the IOLoop thread {0}; use Squall's awaitable 'AsyncLock' instead",
        category: Categories.Blocking,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "A contended lock blocks the loop thread; loop-affine state needs no lock, and an awaitable AsyncLock suspends instead of blocking.",
        helpLinkUri: HelpLinks.For(Id));

    public SQ1003LockOnLoop() : base(Descriptor) { }

    private protected override bool AppliesTo(KnownSymbols known) => known.Future is not null;

    private protected override void Register(CompilationStartAnalysisContext start, KnownSymbols known) =>
        start.RegisterSyntaxNodeAction(c => Analyze(c, known), SyntaxKind.LockStatement);

    private static void Analyze(SyntaxNodeAnalysisContext context, KnownSymbols known)
    {
        var statement = (LockStatementSyntax)context.Node;
        if (!LoopContext.RunsOnLoop(statement, context.SemanticModel, known, context.CancellationToken)) return;
        bool awaits = ContainsAwait(statement.Statement);
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptor,
            statement.LockKeyword.GetLocation(),
            awaits ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info,
            additionalLocations: null,
            properties: null,
            awaits ? "is held across an 'await'" : "blocks the loop while it is contended"));
    }

    /// <summary>An await in the lock's own body (not in a lambda or local function declared there).</summary>
    private static bool ContainsAwait(SyntaxNode body) =>
        body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Any(n => n is AwaitExpressionSyntax
                || (n is ForEachStatementSyntax f && f.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
                || (n is UsingStatementSyntax u && u.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
                || (n is LocalDeclarationStatementSyntax d && d.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword)));
}
