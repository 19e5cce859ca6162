using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Squall.Analyzers.Infrastructure;

/// <summary>
/// Decides whether a piece of code runs on the IOLoop thread (issue 6, "Where code runs on the loop"):
/// async Future methods, lambdas and local functions; [Coroutine] iterator methods; the RequestHandler members the
/// framework calls (verb methods, also synchronous ones); lambdas handed to the loop's scheduling methods.
/// Lambdas given to RunInExecutor or Task.Run are the escape hatch and never count.
/// </summary>
internal static class LoopContext
{
    /// <summary>Names of RequestHandler members the framework calls on the loop.</summary>
    public static readonly HashSet<string> HandlerCallbacks = new()
    {
        "Get", "Post", "Put", "Delete", "Patch", "Head", "Options",
        "Initialize", "Prepare", "OnFinish", "WriteError", "DataReceived", "OnConnectionClose",
    };

    /// <summary>WebSocketHandler members the framework calls on the loop, for the connection's whole life.</summary>
    public static readonly HashSet<string> WebSocketCallbacks = new()
    {
        "Open", "OnMessage", "OnClose", "OnPong", "SelectSubprotocol", "CheckOrigin", "GetCompressionOptions",
    };

    /// <summary>The HTTP verb method names (a subset of <see cref="HandlerCallbacks"/>).</summary>
    public static readonly HashSet<string> VerbMethods = new() { "Get", "Post", "Put", "Delete", "Patch", "Head", "Options" };

    /// <summary>The innermost function (method, accessor, local function or lambda) around <paramref name="node"/>.</summary>
    public static SyntaxNode? EnclosingFunction(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax:
                case LocalFunctionStatementSyntax:
                case BaseMethodDeclarationSyntax:
                case AccessorDeclarationSyntax:
                case PropertyDeclarationSyntax { ExpressionBody: not null }:
                case IndexerDeclarationSyntax { ExpressionBody: not null }:
                    return current;
                case BaseTypeDeclarationSyntax:
                case CompilationUnitSyntax:
                    return null;
            }
        }
        return null;
    }

    /// <summary>True when the code at <paramref name="node"/> runs on the loop thread.</summary>
    public static bool RunsOnLoop(SyntaxNode node, SemanticModel model, KnownSymbols known, CancellationToken ct)
    {
        if (known.Future is null) return false; // Squall is not referenced: nothing runs on a Squall loop.
        var function = EnclosingFunction(node);
        return function is not null && FunctionRunsOnLoop(function, model, known, ct);
    }

    /// <summary>True when the body of <paramref name="function"/> runs on the loop thread.</summary>
    public static bool FunctionRunsOnLoop(SyntaxNode function, SemanticModel model, KnownSymbols known, CancellationToken ct)
    {
        switch (function)
        {
            case AnonymousFunctionExpressionSyntax lambda:
                return LambdaRunsOnLoop(lambda, model, known, ct);
            case LocalFunctionStatementSyntax local:
                return model.GetDeclaredSymbol(local, ct) is IMethodSymbol localSymbol && IsAsyncFuture(localSymbol, known);
            case BaseMethodDeclarationSyntax method:
                return model.GetDeclaredSymbol(method, ct) is IMethodSymbol methodSymbol && MethodRunsOnLoop(methodSymbol, known);
            default:
                return false;
        }
    }

    /// <summary>True for a method whose body the loop runs.</summary>
    public static bool MethodRunsOnLoop(IMethodSymbol method, KnownSymbols known) =>
        IsAsyncFuture(method, known) || IsCoroutineIterator(method, known) || IsHandlerCallback(method, known);

    public static bool IsAsyncFuture(IMethodSymbol method, KnownSymbols known) => method.IsAsync && known.IsFuture(method.ReturnType);

    public static bool IsCoroutineIterator(IMethodSymbol method, KnownSymbols known)
    {
        if (known.CoroutineAttribute is null) return false;
        foreach (var attribute in method.GetAttributes())
        {
            if (KnownSymbols.Same(attribute.AttributeClass, known.CoroutineAttribute)) return true;
        }
        return false;
    }

    /// <summary>A RequestHandler subclass member the framework calls on the loop (sync verb methods included).</summary>
    public static bool IsHandlerCallback(IMethodSymbol method, KnownSymbols known) =>
        method.MethodKind == MethodKind.Ordinary
        && !method.IsStatic
        && ((HandlerCallbacks.Contains(method.Name) && known.IsRequestHandlerSubclass(method.ContainingType))
            || (WebSocketCallbacks.Contains(method.Name) && known.IsWebSocketHandlerSubclass(method.ContainingType)));

    private static bool LambdaRunsOnLoop(AnonymousFunctionExpressionSyntax lambda, SemanticModel model, KnownSymbols known, CancellationToken ct)
    {
        switch (ClassifyReceiver(lambda, model, known, ct))
        {
            case Receiver.Loop: return true;
            case Receiver.Executor: return false;
        }
        // Not handed to a scheduler we know: an async lambda returning Future is a coroutine and runs on the loop.
        return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword)
            && model.GetSymbolInfo(lambda, ct).Symbol is IMethodSymbol symbol
            && known.IsFuture(symbol.ReturnType);
    }

    internal enum Receiver { Unknown, Loop, Executor }

    /// <summary>Where a lambda or method group goes: to the loop's schedulers, to a thread-pool hop, or elsewhere.</summary>
    private static Receiver ClassifyReceiver(ExpressionSyntax expression, SemanticModel model, KnownSymbols known, CancellationToken ct)
    {
        var argument = expression.Parent as ArgumentSyntax;
        if (argument?.Parent?.Parent is not ExpressionSyntax call) return Receiver.Unknown;
        if (model.GetSymbolInfo(call, ct).Symbol is not IMethodSymbol target) return Receiver.Unknown;
        return Classify(target, known);
    }

    /// <summary>Classifies the method a delegate is passed to.</summary>
    public static Receiver ClassifyTarget(IMethodSymbol target, KnownSymbols known) => Classify(target, known);

    private static Receiver Classify(IMethodSymbol target, KnownSymbols known)
    {
        var type = target.ContainingType?.OriginalDefinition;
        if (type is null) return Receiver.Unknown;
        if (KnownSymbols.Same(type, known.IOLoop))
        {
            switch (target.Name)
            {
                case "AddCallback":
                case "SpawnCallback":
                case "CallLater":
                case "CallAt":
                    return Receiver.Loop;
                case "RunInExecutor":
                    return Receiver.Executor;
            }
            return Receiver.Unknown;
        }
        if (KnownSymbols.Same(type, known.PeriodicCallback) && target.MethodKind == MethodKind.Constructor) return Receiver.Loop;
        if (target.Name == "AddDoneCallback" && known.IsFuture(type)) return Receiver.Loop;
        if (KnownSymbols.Same(type, known.Task) && target.Name is "Run" or "Factory") return Receiver.Executor;
        if (KnownSymbols.Same(type, known.TaskFactory) && target.Name == "StartNew") return Receiver.Executor;
        if (KnownSymbols.Same(type, known.ThreadPool)) return Receiver.Executor;
        if (KnownSymbols.Same(type, known.Thread) && target.MethodKind == MethodKind.Constructor) return Receiver.Executor;
        return Receiver.Unknown;
    }
}
