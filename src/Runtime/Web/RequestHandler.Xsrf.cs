using System.Globalization;
using System.Security.Cryptography;

namespace Squall.Web;

public abstract partial class RequestHandler
{
    private const string XsrfCookieName = "_xsrf";
    private string? _xsrfToken;

    /// <summary>
    /// The XSRF token for this request, masked afresh each time it is rendered (so it cannot be recovered by
    /// compression side channels, as Tornado's v2 tokens): put it in forms as <c>_xsrf</c> or send it as
    /// <c>X-Xsrf-Token</c>. Reading it sets the <c>_xsrf</c> cookie when the client has none.
    /// </summary>
    public string XsrfToken
    {
        get
        {
            if (_xsrfToken is not null) return _xsrfToken;
            byte[]? token = XsrfTokens.Unmask(GetCookie(XsrfCookieName));
            if (token is null)
            {
                token = RandomNumberGenerator.GetBytes(16);
                _xsrfToken = XsrfTokens.Mask(token);
                SetCookie(XsrfCookieName, _xsrfToken, sameSite: "Lax");
            }
            else
            {
                _xsrfToken = XsrfTokens.Mask(token);
            }
            return _xsrfToken;
        }
    }

    /// <summary>An HTML hidden input carrying <see cref="XsrfToken"/>.</summary>
    public string XsrfFormHtml() => "<input type=\"hidden\" name=\"_xsrf\" value=\"" + XsrfToken + "\"/>";

    /// <summary>
    /// Refuses the request with 403 unless the <c>_xsrf</c> argument or the <c>X-Xsrftoken</c>, <c>X-Csrftoken</c> (Tornado's names) or <c>X-Xsrf-Token</c> header
    /// carries the token of the <c>_xsrf</c> cookie (Tornado's <c>check_xsrf_cookie</c>). Runs automatically for
    /// unsafe methods when <see cref="ApplicationSettings.XsrfCookies"/> is on.
    /// </summary>
    public void CheckXsrfCookie()
    {
        string? sent = GetArgument("_xsrf", null);
        // Tornado's names (X-Xsrftoken, X-Csrftoken), then X-Xsrf-Token (Angular's X-XSRF-TOKEN); names are case-insensitive.
        if (sent is null && Request.Headers.TryGetFirst("X-Xsrftoken", out var h)) sent = h;
        if (sent is null && Request.Headers.TryGetFirst("X-Csrftoken", out var h2)) sent = h2;
        if (sent is null && Request.Headers.TryGetFirst("X-Xsrf-Token", out var h3)) sent = h3;
        if (sent is null) throw new HttpError(403, "'_xsrf' argument missing from POST", "XSRF argument missing");
        byte[]? cookie = XsrfTokens.Unmask(GetCookie(XsrfCookieName));
        if (cookie is null) throw new HttpError(403, "'_xsrf' argument has no cookie to match", "XSRF cookie missing");
        byte[]? given = XsrfTokens.Unmask(sent);
        if (given is null || !CryptographicOperations.FixedTimeEquals(cookie, given))
            throw new HttpError(403, "XSRF cookie does not match POST argument", "XSRF token mismatch");
    }
}

/// <summary>Masked XSRF tokens: <c>2|hex(mask)|hex(token XOR mask)|timestamp</c>.</summary>
internal static class XsrfTokens
{
    public static string Mask(byte[] token)
    {
        byte[] mask = RandomNumberGenerator.GetBytes(token.Length);
        byte[] masked = new byte[token.Length];
        for (int i = 0; i < token.Length; i++) masked[i] = (byte)(token[i] ^ mask[i]);
        return "2|" + Convert.ToHexStringLower(mask) + "|" + Convert.ToHexStringLower(masked) + "|"
            + DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }

    public static byte[]? Unmask(string? value)
    {
        if (value is null) return null;
        var parts = value.Split('|');
        if (parts.Length != 4 || parts[0] != "2") return null;
        try
        {
            byte[] mask = Convert.FromHexString(parts[1]);
            byte[] masked = Convert.FromHexString(parts[2]);
            if (mask.Length != masked.Length || mask.Length == 0) return null;
            for (int i = 0; i < mask.Length; i++) masked[i] ^= mask[i];
            return masked;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
