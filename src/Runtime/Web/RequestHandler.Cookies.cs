using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Squall.Web;

public abstract partial class RequestHandler
{
    private Dictionary<string, string>? _requestCookies;

    /// <summary>The value of request cookie <paramref name="name"/>, or <paramref name="defaultValue"/>.</summary>
    public string? GetCookie(string name, string? defaultValue = null) =>
        RequestCookies().TryGetValue(name, out var v) ? v : defaultValue;

    /// <summary>
    /// Sets a cookie (<c>Set-Cookie</c>). <paramref name="expiresDays"/> sets <c>Expires</c>; the value must not
    /// contain control characters, <c>;</c> or <c>,</c> (use <see cref="SetSignedCookie"/> or encode it).
    /// </summary>
    public void SetCookie(string name, string value, string path = "/", string? domain = null, double? expiresDays = null,
        bool httpOnly = false, bool secure = false, string? sameSite = null)
    {
        if (name.AsSpan().IndexOfAny("=;, \t\r\n") >= 0 || value.AsSpan().IndexOfAny(";,\r\n\0") >= 0)
            throw new ArgumentException("Invalid cookie " + name + ": names and values may not contain ';', ',', '=' (name) or control characters.");
        var sb = new StringBuilder(name).Append('=').Append(value);
        if (domain is not null) sb.Append("; Domain=").Append(domain);
        if (expiresDays is { } days)
            sb.Append("; Expires=").Append(DateTime.UtcNow.AddDays(days).ToString("R", CultureInfo.InvariantCulture));
        sb.Append("; Path=").Append(path);
        if (httpOnly) sb.Append("; HttpOnly");
        if (secure) sb.Append("; Secure");
        if (sameSite is not null) sb.Append("; SameSite=").Append(sameSite);
        AddHeader("Set-Cookie", sb.ToString());
    }

    /// <summary>Deletes a cookie by setting it expired.</summary>
    public void ClearCookie(string name, string path = "/", string? domain = null) =>
        SetCookie(name, "", path, domain, expiresDays: -365);

    /// <summary>
    /// Sets a cookie signed with HMAC-SHA256 over name, value and timestamp using <see cref="ApplicationSettings.CookieSecret"/>
    /// (Tornado's <c>set_secure_cookie</c>): readable by the client, not forgeable.
    /// </summary>
    public void SetSignedCookie(string name, string value, double expiresDays = 30) =>
        SetCookie(name, SignedValue.Create(RequireSecret(), name, value, DateTimeOffset.UtcNow.ToUnixTimeSeconds()), expiresDays: expiresDays, httpOnly: true);

    /// <summary>
    /// The value of a signed cookie, or null when it is absent, tampered with, or older than <paramref name="maxAgeDays"/>
    /// (Tornado's <c>get_secure_cookie</c>).
    /// </summary>
    public string? GetSignedCookie(string name, double maxAgeDays = 31)
    {
        var raw = GetCookie(name);
        return raw is null ? null : SignedValue.Decode(RequireSecret(), name, raw, maxAgeDays, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    private string RequireSecret() => Settings.CookieSecret
        ?? throw new InvalidOperationException("Signed cookies and XSRF need ApplicationSettings.CookieSecret.");

    private Dictionary<string, string> RequestCookies()
    {
        if (_requestCookies is not null) return _requestCookies;
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in Request.Headers.GetList("Cookie")) CookieHeader.Parse(header, cookies);
        return _requestCookies = cookies;
    }
}
