using System;
using Microsoft.CodeAnalysis;
using Squall.Generators.Handlers;

namespace Squall.Analyzers.Routes;

/// <summary>
/// The diagnostic of each reason the generator skips a handler: one switch, so a new
/// <see cref="HandlerProblemKind"/> without a diagnostic fails the problem theory test rather than a user.
/// </summary>
internal static class HandlerProblemDiagnostics
{
    public static DiagnosticDescriptor DescriptorFor(HandlerProblemKind kind) => kind switch
    {
        HandlerProblemKind.NotAHandler
            or HandlerProblemKind.AbstractClass
            or HandlerProblemKind.GenericClass
            or HandlerProblemKind.InaccessibleClass
            or HandlerProblemKind.NoAccessibleConstructor => SQ2006RouteOnNonHandler.Descriptor,
        HandlerProblemKind.MissingTemplate or HandlerProblemKind.MalformedTemplate => SQ2001MalformedRouteTemplate.Descriptor,
        HandlerProblemKind.InvalidRegex => SQ2009InvalidRegexRoute.InvalidDescriptor,
        HandlerProblemKind.RegexGroupCountMismatch => SQ2009InvalidRegexRoute.GroupCountDescriptor,
        HandlerProblemKind.InvalidRouteName => SQ2013InvalidRouteName.Descriptor,
        HandlerProblemKind.TemplateAndRegex => SQ2014TemplateAndRegex.Descriptor,
        HandlerProblemKind.TooManyRouteValues => SQ2015TooManyRouteValues.Descriptor,
        HandlerProblemKind.OverloadedVerb => SQ2010OverloadedVerb.Descriptor,
        HandlerProblemKind.InaccessibleVerb => SQ2011VerbNotCallable.InaccessibleDescriptor,
        HandlerProblemKind.GenericVerb => SQ2011VerbNotCallable.GenericDescriptor,
        // Reported by SQ2008 on every verb method of a RequestHandler subclass, routed or not (a base class's too).
        HandlerProblemKind.VerbReturnType => SQ2008VerbReturnType.Descriptor,
        HandlerProblemKind.VerbOnWebSocketHandler => SQ2016VerbOnWebSocketHandler.Descriptor,
        HandlerProblemKind.RefOrParamsParameter => SQ2012UnbindableParameterModifier.Descriptor,
        HandlerProblemKind.RouteParameterNotTaken => SQ2004UnboundRouteParameter.RouteParameterDescriptor,
        HandlerProblemKind.MethodParameterNotBound => SQ2004UnboundRouteParameter.MethodParameterDescriptor,
        HandlerProblemKind.ParameterTypeMismatch => SQ2005ConstraintTypeMismatch.Descriptor,
        HandlerProblemKind.RegexParameterNotString => SQ2005ConstraintTypeMismatch.RegexDescriptor,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a handler problem without a diagnostic"),
    };
}
