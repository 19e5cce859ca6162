namespace Squall.Web;

/// <summary>
/// Routes requests whose path matches <see cref="Template"/> (or <see cref="Regex"/>) to the
/// <see cref="RequestHandler"/> it decorates. The source generator compiles every route of an assembly into
/// <c>Squall.Generated.Routes.Table</c>; nothing reads this attribute at run time.
/// </summary>
/// <remarks>
/// Template grammar: literal segments, <c>{name}</c> (string), <c>{name:int|long|guid|bool}</c> and a last
/// <c>{*rest}</c> catch-all. Precedence: literal beats typed beats string beats catch-all, then declaration order;
/// regex routes are tried after all templates.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RouteAttribute : Attribute
{
    /// <summary>A regex route: set <see cref="Regex"/>.</summary>
    public RouteAttribute() => Template = "";

    /// <summary>A template route (<c>/users/{id:int}</c>).</summary>
    public RouteAttribute(string template) => Template = template;

    /// <summary>The route template; empty for a regex route.</summary>
    public string Template { get; }

    /// <summary>The name of the generated URL builder (<c>Squall.Generated.Urls.Name(...)</c>); defaults to the handler's name.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// A .NET regular expression matched against the whole path (anchored as Tornado does); its groups bind the
    /// verb method's string parameters by position.
    /// </summary>
    public string? Regex { get; set; }
}
