namespace Squall.Generators.Handlers
{
    /// <summary>
    /// Every reason the generator cannot emit a <c>[Route]</c> class. The builder returns these instead of a spec; the
    /// analyzers map each to one SQ2xxx error (<c>HandlerProblemDiagnostics</c>) whose message says how to fix it, so a
    /// handler is never skipped in silence. The arguments each kind carries are listed in order: they fill that
    /// diagnostic's message.
    /// </summary>
    /// <remarks>Adding a value: give it a diagnostic in the analyzers' map and a sample in the problem theory test.</remarks>
    internal enum HandlerProblemKind
    {
        // The class (SQ2006). Arguments: class name, reason.

        /// <summary>Not a <c>RequestHandler</c> subclass (or any other handler kind).</summary>
        NotAHandler,

        /// <summary>Abstract or static: the dispatch cannot create it.</summary>
        AbstractClass,

        /// <summary>Generic, or nested in a generic type: the dispatch cannot name it.</summary>
        GenericClass,

        /// <summary>Private/protected (or nested in such a type), or file-local: generated code cannot see it.</summary>
        InaccessibleClass,

        /// <summary>
        /// No public or internal parameterless constructor. Extension point: once constructor parameters become
        /// services (hosting), a constructor with parameters fills <c>HandlerSpec.ConstructorParameters</c> instead.
        /// </summary>
        NoAccessibleConstructor,

        // One [Route] (SQ2001, SQ2009, SQ2013, SQ2014, SQ2015).

        /// <summary>Neither a template nor a <c>Regex</c>. Arguments: "", reason (SQ2001).</summary>
        MissingTemplate,

        /// <summary>The template does not parse. Arguments: template, the parser's message (SQ2001).</summary>
        MalformedTemplate,

        /// <summary>A regex that does not compile. Arguments: regex, the regex parser's message (SQ2009).</summary>
        InvalidRegex,

        /// <summary><c>Name =</c> is not a usable C# method name. Arguments: name, class name (SQ2013).</summary>
        InvalidRouteName,

        /// <summary>Both a template and <c>Regex =</c>. Arguments: template, regex, class name (SQ2014).</summary>
        TemplateAndRegex,

        /// <summary>More parameters than <c>RouteValues.Capacity</c>. Arguments: template, count, capacity (SQ2015).</summary>
        TooManyRouteValues,

        // One entry (verb) method (SQ2008, SQ2010, SQ2011, SQ2012).

        /// <summary>Two or more methods of one verb name. Arguments: class.method, count, method (SQ2010).</summary>
        OverloadedVerb,

        /// <summary>Private or protected: the dispatch cannot call it. Arguments: class.method, accessibility (SQ2011).</summary>
        InaccessibleVerb,

        /// <summary>A generic method: nothing supplies its type arguments. Arguments: class.method (SQ2011).</summary>
        GenericVerb,

        /// <summary>Returns something other than <c>void</c> or <c>Future</c>. Arguments: method, return type (SQ2008).</summary>
        VerbReturnType,

        /// <summary>A verb method on a <c>WebSocketHandler</c>: it answers only the upgrade. Arguments: class.method, class (SQ2016).</summary>
        VerbOnWebSocketHandler,

        /// <summary>A <c>ref</c>/<c>out</c>/<c>in</c>/<c>params</c> parameter. Arguments: parameter, class.method, modifier (SQ2012).</summary>
        RefOrParamsParameter,

        // Binding a route to a verb method (SQ2004, SQ2005, SQ2009).

        /// <summary>A template parameter no method parameter takes. Arguments: parameter, template, class.method (SQ2004).</summary>
        RouteParameterNotTaken,

        /// <summary>A required method parameter no route value supplies. Arguments: parameter, class.method, template (SQ2004).</summary>
        MethodParameterNotBound,

        /// <summary>A template parameter bound to a parameter of another type. Arguments: parameter, its type, template, given, fix (SQ2005).</summary>
        ParameterTypeMismatch,

        /// <summary>A regex group bound to a non-string parameter. Arguments: parameter, its type, regex (SQ2005).</summary>
        RegexParameterNotString,

        /// <summary>Capture groups and parameters differ in number. Arguments: regex, groups, class.method, parameters (SQ2009).</summary>
        RegexGroupCountMismatch,
    }
}
