namespace Squall.Http;

/// <summary>
/// What a redirect to another origin must not carry: the credentials the user meant for the first one. Browsers (Fetch
/// standard, "HTTP-redirect fetch") and Python <c>requests</c> (<c>rebuild_auth</c>) drop them the same way, so a
/// server cannot collect a user's secrets by redirecting to a host it controls.
/// </summary>
internal static class RedirectCredentials
{
    private static readonly string[] s_names = ["Authorization", "Proxy-Authorization", "Cookie"];

    /// <summary>Removes the credential headers and the basic-auth user and password from <paramref name="request"/>.</summary>
    public static void Drop(HttpRequest request)
    {
        var headers = new HttpHeaders(); // a copy: the caller's own request keeps its headers
        foreach (var (name, value) in request.Headers)
        {
            if (Array.FindIndex(s_names, n => n.Equals(name, StringComparison.OrdinalIgnoreCase)) < 0) headers.Add(name, value);
        }
        request.Headers = headers;
        request.AuthUsername = null;
        request.AuthPassword = null;
    }
}
