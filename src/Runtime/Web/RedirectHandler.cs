namespace Squall.Web;

/// <summary>
/// Redirects every GET to a fixed URL (Tornado's <c>RedirectHandler</c>), permanently by default. Subclass it with a
/// route and a parameterless constructor: <c>[Route("/old")] class Old : RedirectHandler { public Old() : base("/new") { } }</c>.
/// The query string is carried over when the target has none.
/// </summary>
public class RedirectHandler : RequestHandler
{
    private readonly string _url;
    private readonly bool _permanent;

    /// <summary>Creates a redirect to <paramref name="url"/>.</summary>
    public RedirectHandler(string url, bool permanent = true)
    {
        _url = url;
        _permanent = permanent;
    }

    /// <summary>Sends the redirect.</summary>
    public void Get()
    {
        string target = _url;
        if (Request.Query.Length > 0 && !target.Contains('?')) target += "?" + Request.Query;
        Redirect(target, _permanent);
    }
}
