using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.CodeFixes;

/// <summary>A <see cref="SquallCodeFix"/> that needs types: it also gets the semantic model and the known symbols.</summary>
public abstract class SquallSemanticCodeFix : SquallCodeFix
{
    private protected SquallSemanticCodeFix(string diagnosticId, FixAllProvider? fixAll)
        : base(diagnosticId, fixAll)
    {
    }

    private protected sealed override async Task RegisterFixesAsync(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root)
    {
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null) return;
        RegisterFixes(context, diagnostic, root, model, KnownSymbols.For(model.Compilation));
    }

    /// <summary>Registers the fixes for <paramref name="diagnostic"/>, if its node is one the fix understands.</summary>
    private protected abstract void RegisterFixes(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model, KnownSymbols known);
}
