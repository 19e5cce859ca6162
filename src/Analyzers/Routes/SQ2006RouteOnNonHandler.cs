using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Infrastructure;

namespace Squall.Analyzers.Routes;

/// <summary>
/// SQ2006: [Route] on a class the generated dispatch cannot instantiate: not a RequestHandler subclass, abstract,
/// or without an accessible parameterless constructor (the generated code calls <c>new H()</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2006RouteOnNonHandler : SquallAnalyzer
{
    public const string Id = "SQ2006";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "[Route] on a class that cannot be a handler",
        messageFormat: "'{0}' has [Route] but {1}; put routes on non-abstract RequestHandler subclasses with a public or internal parameterless constructor",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ2006RouteOnNonHandler() : base(Descriptor) { }

    private protected override bool AppliesTo(KnownSymbols known) => known.RouteAttribute is not null;

    private protected override void Register(CompilationStartAnalysisContext start, KnownSymbols known) =>
        start.RegisterSymbolAction(c => Analyze(c, known), SymbolKind.NamedType);

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var routes = RouteDeclaration.Of(type, known, context.CancellationToken);
        if (routes.Count == 0) return;
        var problem = Problem(type, known);
        if (problem is null) return;
        var attribute = routes[0].Attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? type.Locations[0];
        context.ReportDiagnostic(Diagnostic.Create(Descriptor, attribute, type.Name, problem));
    }

    private static string? Problem(INamedTypeSymbol type, KnownSymbols known)
    {
        if (type.TypeKind != TypeKind.Class || !known.IsRequestHandlerSubclass(type)) return "it is not a RequestHandler subclass";
        if (type.IsAbstract) return "it is abstract";
        if (type.IsGenericType) return "it is generic";
        bool constructible = type.InstanceConstructors.Any(c =>
            c.Parameters.Length == 0 && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal);
        return constructible ? null : "it has no accessible parameterless constructor";
    }
}
