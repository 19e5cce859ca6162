using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Squall.Analyzers.Infrastructure;
using Squall.Generators.Routing;

namespace Squall.Analyzers.Routes;

/// <summary>
/// SQ2005: a typed route parameter bound to a parameter of another type (<c>{id:int}</c> to a <c>Guid</c>), or a
/// catch-all bound to a non-string. Binding any route value to <c>string</c> is fine.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SQ2005ConstraintTypeMismatch : SquallAnalyzer
{
    public const string Id = "SQ2005";

    public static readonly DiagnosticDescriptor Descriptor = new(
        Id,
        title: "Route constraint and parameter type disagree",
        messageFormat: "Parameter '{0}' is '{1}' but route '{2}' gives it as '{3}'; declare it as '{4}' or 'string'",
        category: Categories.Routing,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLinks.For(Id));

    public SQ2005ConstraintTypeMismatch() : base(Descriptor) { }

    private protected override bool AppliesTo(KnownSymbols known) => known.RouteAttribute is not null && known.RequestHandler is not null;

    private protected override void Register(CompilationStartAnalysisContext start, KnownSymbols known) =>
        start.RegisterSymbolAction(c => Analyze(c, known), SymbolKind.NamedType);

    private static void Analyze(SymbolAnalysisContext context, KnownSymbols known)
    {
        var handler = (INamedTypeSymbol)context.Symbol;
        if (!HandlerShape.TryGetTemplateRoutes(handler, known, context.CancellationToken, out var routes, out var verbs)) return;
        foreach (var (route, template) in routes)
        {
            foreach (var segment in template.Parameters)
            {
                if (segment.Kind == RouteSegmentKind.Parameter) continue;
                foreach (var verb in verbs)
                {
                    var parameter = verb.Parameters.FirstOrDefault(p => p.Name == segment.Text);
                    if (parameter is null || Fits(parameter.Type, segment)) continue;
                    var given = segment.Kind == RouteSegmentKind.CatchAll ? "catch-all" : RouteTemplateParser.ConstraintName(segment.Constraint);
                    var expected = segment.Kind == RouteSegmentKind.CatchAll ? "string" : CSharpName(given);
                    var location = parameter.Locations.FirstOrDefault(l => l.IsInSource) ?? route.Location;
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptor, location, parameter.Name,
                        parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), route.TemplateText, given, expected));
                }
            }
        }
    }

    private static bool Fits(ITypeSymbol type, RouteSegment segment)
    {
        if (type.SpecialType == SpecialType.System_String) return true;
        if (segment.Kind == RouteSegmentKind.CatchAll) return false;
        // int? and friends: a nullable of the right type binds too.
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
        return segment.Constraint switch
        {
            RouteConstraint.Int => type.SpecialType == SpecialType.System_Int32,
            RouteConstraint.Long => type.SpecialType == SpecialType.System_Int64,
            RouteConstraint.Bool => type.SpecialType == SpecialType.System_Boolean,
            RouteConstraint.Guid => type.ToDisplayString() == "System.Guid",
            _ => false,
        };
    }

    private static string CSharpName(string constraint) => constraint == "guid" ? "Guid" : constraint;
}
