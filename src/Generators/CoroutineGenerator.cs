using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Squall.Generators
{
    /// <summary>
    /// For every <c>[Coroutine]</c> iterator method (Tornado's <c>@gen.coroutine</c> with <c>yield</c>), emits a
    /// companion <c>NameAsync(...)</c> returning <c>Future&lt;T&gt;</c> (T from its <c>Gen.Return&lt;T&gt;</c>, or a plain
    /// <c>Future</c>) that runs the iterator through <c>Gen.Run</c>. The containing types must be <c>partial</c>.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed partial class CoroutineGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking name of the parse step.</summary>
        public const string CoroutinesStep = "Coroutines";

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var coroutines = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    "Squall.CoroutineAttribute",
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => Parser.Parse(ctx, ct))
                .Where(static c => c is not null)
                .WithTrackingName(CoroutinesStep);
            context.RegisterSourceOutput(coroutines, static (spc, spec) => Emitter.Emit(spc, spec!));
        }
    }
}
