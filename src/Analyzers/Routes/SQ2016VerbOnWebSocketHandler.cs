using Microsoft.CodeAnalysis;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>SQ2016: a verb method on a WebSocketHandler: the handler answers only the upgrade, so the method never runs.</summary>
[Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2016VerbOnWebSocketHandler : HandlerProblemAnalyzer
{
    public const string Id = "SQ2016";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "WebSocket handler declares a verb method",
        messageFormat: "'{0}' is a verb method, but WebSocket handler '{1}' answers only the GET upgrade; take route values in 'Open(...)', handle messages in 'OnMessage', and serve plain HTTP from a separate RequestHandler",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ2016VerbOnWebSocketHandler() : base(Descriptor) { }
}
