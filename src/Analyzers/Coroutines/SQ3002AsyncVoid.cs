using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Coroutines;

/// <summary>
/// SQ3002: <c>async void</c> in a handler or a coroutine. Nobody can await it, so the handler finishes before
/// the work does and an exception escapes to the loop instead of becoming a 500.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ3002AsyncVoid : SquallAnalyzer
{
    public const string Id = "SQ3002";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "async void in a handler or coroutine",
        messageFormat: "'{0}' is async void and cannot be awaited; make it 'async Future'",
        category: Categories.Coroutines,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An async void method or lambda runs detached from the request: the handler finishes first and exceptions are lost to the loop.",
        helpLinkUri: HelpLinks.For(Id));

    public SQ3002AsyncVoid() : base(Descriptor) { }

    private protected override bool AppliesTo(KnownSymbols known) => known.Future is not null;

    private protected override void Register(CompilationStartAnalysisContext start, KnownSymbols known)
    {
        start.RegisterSyntaxNodeAction(c => AnalyzeMethod(c, known), SyntaxKind.MethodDeclaration);
        start.RegisterSyntaxNodeAction(c => AnalyzeLocalFunction(c, known), SyntaxKind.LocalFunctionStatement);
        start.RegisterSyntaxNodeAction(
            c => AnalyzeLambda(c, known),
            SyntaxKind.ParenthesizedLambdaExpression, SyntaxKind.SimpleLambdaExpression, SyntaxKind.AnonymousMethodExpression);
    }

    private static void AnalyzeMethod(SyntaxNodeAnalysisContext context, KnownSymbols known)
    {
        var declaration = (MethodDeclarationSyntax)context.Node;
        if (!declaration.Modifiers.Any(SyntaxKind.AsyncKeyword)) return;
        if (context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not { ReturnsVoid: true } method) return;
        bool inHandler = known.IsRequestHandlerSubclass(method.ContainingType);
        if (!inHandler && !LoopContext.IsCoroutineIterator(method, known)) return;
        if (IsEventHandlerShape(method, known)) return;
        context.ReportDiagnostic(Diagnostic.Create(Descriptor, declaration.Identifier.GetLocation(), method.Name));
    }

    private static void AnalyzeLocalFunction(SyntaxNodeAnalysisContext context, KnownSymbols known)
    {
        var local = (LocalFunctionStatementSyntax)context.Node;
        if (!local.Modifiers.Any(SyntaxKind.AsyncKeyword)) return;
        if (local.ReturnType is not PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }) return;
        if (!LoopContext.RunsOnLoop(local, context.SemanticModel, known, context.CancellationToken)) return;
        context.ReportDiagnostic(Diagnostic.Create(Descriptor, local.Identifier.GetLocation(), local.Identifier.ValueText));
    }

    private static void AnalyzeLambda(SyntaxNodeAnalysisContext context, KnownSymbols known)
    {
        var lambda = (AnonymousFunctionExpressionSyntax)context.Node;
        if (!lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword)) return;
        if (context.SemanticModel.GetSymbolInfo(lambda, context.CancellationToken).Symbol is not IMethodSymbol { ReturnsVoid: true }) return;
        // Handed to the loop (AddCallback(async () => ...)) or declared inside loop code: either way detached.
        if (!LoopContext.FunctionRunsOnLoop(lambda, context.SemanticModel, known, context.CancellationToken)
            && !LoopContext.RunsOnLoop(lambda, context.SemanticModel, known, context.CancellationToken))
        {
            return;
        }
        context.ReportDiagnostic(Diagnostic.Create(Descriptor, lambda.AsyncKeyword.GetLocation(), "async lambda"));
    }

    /// <summary>(object sender, EventArgs e): the one place async void is the only option.</summary>
    private static bool IsEventHandlerShape(IMethodSymbol method, KnownSymbols known) =>
        method.Parameters.Length == 2
        && method.Parameters[0].Type.SpecialType == SpecialType.System_Object
        && known.DerivesFrom(method.Parameters[1].Type, known.EventArgs);
}
