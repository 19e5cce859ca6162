using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Infrastructure;
using Squall.Generators.Coroutines;

namespace Squall.Analyzers.Coroutines;

/// <summary>
/// SQ3004: a <c>[Coroutine]</c> method the generator gives no <c>NameAsync</c> companion (not an iterator of
/// <c>object?</c>, generic, by-reference parameters, a containing type that is generic or not partial, a name taken,
/// several <c>Gen.Return</c> types). The reason comes from the generator's own check (<see cref="CoroutineShape"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ3004CoroutineWithoutCompanion : SquallAnalyzer
{
    public const string Id = "SQ3004";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "[Coroutine] method gets no companion",
        messageFormat: "[Coroutine] method '{0}' gets no '{0}Async' companion: {1}",
        category: Categories.Coroutines,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ3004CoroutineWithoutCompanion() : base(Descriptor) { }

    private protected override bool AppliesTo(KnownSymbols known) => known.CoroutineAttribute is not null && known.Gen is not null;

    private protected override void Register(CompilationStartAnalysisContext start, KnownSymbols known) =>
        start.RegisterSyntaxNodeAction(c => Analyze(c, known), SyntaxKind.MethodDeclaration);

    private static void Analyze(SyntaxNodeAnalysisContext context, KnownSymbols known)
    {
        var syntax = (MethodDeclarationSyntax)context.Node;
        if (syntax.AttributeLists.Count == 0) return;
        if (context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not { } method) return;
        bool marked = false;
        foreach (var attribute in method.GetAttributes())
            marked |= KnownSymbols.Same(attribute.AttributeClass, known.CoroutineAttribute);
        if (!marked) return;
        if (CoroutineShape.Problem(method, syntax, context.SemanticModel, known.Gen!, context.CancellationToken, out _) is not { } problem) return;
        context.ReportDiagnostic(Diagnostic.Create(Descriptor, syntax.Identifier.GetLocation(), method.Name, problem));
    }
}
