using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Squall.Generators.Handlers
{
    internal static partial class HandlerModelBuilder
    {
        /// <summary>
        /// Can a handler with <c>async Future</c> verbs be reused once its request completes? The request completes when
        /// the verb's future is done, so the verb's own coroutine never touches the handler again; what could is code that
        /// outlives it while holding the handler: a lambda, anonymous method, local function or method group (each may
        /// capture <c>this</c> and be run later by a timer or callback), <c>this</c> handed out as a value, an
        /// <c>async void</c> method, or a future/task of the handler's own methods that is started but not awaited on the
        /// spot (left running, as <c>Gen.WithTimeout(t, Work())</c> leaves <c>Work</c> when the time runs out). The proof
        /// reads the source of the handler and of every class between it and <c>RequestHandler</c>, and refuses when any
        /// of these appears anywhere in them, or when a base class has no source to read.
        /// </summary>
        private static bool AsyncVerbsCannotOutliveRequest(INamedTypeSymbol type, KnownTypeSymbols known, CancellationToken cancellationToken)
        {
            for (var t = type; t is not null && !SymbolEqualityComparer.Default.Equals(t, known.RequestHandler); t = t.BaseType)
            {
                if (t.DeclaringSyntaxReferences.Length == 0) return false; // from metadata: nothing to prove it with
                foreach (var reference in t.DeclaringSyntaxReferences)
                {
                    var declaration = reference.GetSyntax(cancellationToken);
                    if (!DeclarationKeepsThisInside(declaration, type)) return false;
                }
            }
            return true;
        }

        private static bool DeclarationKeepsThisInside(SyntaxNode declaration, INamedTypeSymbol type)
        {
            foreach (var node in declaration.DescendantNodes())
            {
                switch (node)
                {
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                        return false;
                    case MethodDeclarationSyntax method when method.Modifiers.Any(SyntaxKind.AsyncKeyword)
                                                             && method.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }:
                        return false;
                    case ThisExpressionSyntax:
                    case BaseExpressionSyntax:
                        // Only as the receiver of a member access (this.Write(...)); as a value it may be stored anywhere.
                        if (!(node.Parent is MemberAccessExpressionSyntax access && access.Expression == node)) return false;
                        break;
                    case SimpleNameSyntax name when name.Parent is not MemberAccessExpressionSyntax || IsThisMember(name):
                        if (!InstanceUseIsSafe(name, type)) return false;
                        break;
                }
            }
            return true;
        }

        private static bool IsThisMember(SimpleNameSyntax name) =>
            name.Parent is MemberAccessExpressionSyntax access && access.Name == name
            && access.Expression is ThisExpressionSyntax or BaseExpressionSyntax;

        /// <summary>
        /// A name that may be one of the handler's instance methods: as a method group it could capture <c>this</c>; invoked
        /// and returning a future or task, it must be awaited at once.
        /// </summary>
        private static bool InstanceUseIsSafe(SimpleNameSyntax name, INamedTypeSymbol type)
        {
            var methods = InstanceMethodsNamed(type, name.Identifier.ValueText);
            if (methods.Length == 0) return true;
            SyntaxNode use = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            if (use.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != use) return false; // a method group
            if (!methods.Any(m => ReturnsAwaitable(m))) return true;
            SyntaxNode outer = invocation;
            while (outer.Parent is ParenthesizedExpressionSyntax) outer = outer.Parent;
            return outer.Parent is AwaitExpressionSyntax;
        }

        private static IMethodSymbol[] InstanceMethodsNamed(INamedTypeSymbol type, string name)
        {
            var found = new System.Collections.Generic.List<IMethodSymbol>();
            for (var t = type; t is not null; t = t.BaseType)
                foreach (var member in t.GetMembers(name))
                    if (member is IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary } m) found.Add(m);
            return found.ToArray();
        }

        private static bool ReturnsAwaitable(IMethodSymbol method) =>
            method.ReturnType.Name is "Future" or "Task" or "ValueTask"
            || method.ReturnType.GetMembers("GetAwaiter").Length > 0;
    }
}
