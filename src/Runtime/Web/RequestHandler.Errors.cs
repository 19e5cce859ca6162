using System.Net;
using Squall.Http;

namespace Squall.Web;

public abstract partial class RequestHandler
{
    /// <summary>
    /// Answers with an error status (Tornado's <c>send_error</c>): discards what was written, sets the status and lets
    /// <see cref="WriteError"/> produce the body. If headers were already flushed, the response is just ended.
    /// </summary>
    public void SendError(int status = 500, Exception? exception = null)
    {
        if (_headersWritten)
        {
            if (!_finished) Finish();
            return;
        }
        Clear();
        string? reason = exception is HttpError { Reason: { } r } ? r : null;
        SetStatus(status, reason);
        try
        {
            WriteError(status, exception);
        }
        catch (Exception e)
        {
            Application.LogUncaught(this, e);
        }
        if (!_finished) Finish();
    }

    /// <summary>
    /// Writes the error page (Tornado's <c>write_error</c>): a small HTML page with the status and reason, or, in
    /// <see cref="ApplicationSettings.Debug"/> with an exception, the stack trace as plain text. Override for custom pages.
    /// </summary>
    public virtual void WriteError(int status, Exception? exception)
    {
        if (Settings.Debug && exception is not null)
        {
            SetHeader("Content-Type", "text/plain; charset=UTF-8");
            Write(exception.ToString());
            return;
        }
        string reason = WebUtility.HtmlEncode(_reason ?? HttpStatus.Reason(status));
        Write("<html><title>" + status + ": " + reason + "</title><body>" + status + ": " + reason + "</body></html>");
    }

    /// <summary>
    /// The ETag for the pending body (Tornado's <c>compute_etag</c>: a hash of the body); null for none. Override to
    /// use a version number or to turn automatic ETags off.
    /// </summary>
    /// <remarks>
    /// The hash is XxHash128, not a cryptographic one: an ETag only tells versions of one resource apart, nobody gains
    /// from forging one, and SHA-1 cost more than the rest of a small GET (issue 16). 128 bits keep accidental
    /// collisions out of reach, and the value is the same in every process and after restarts.
    /// </remarks>
    public virtual string? ComputeEtag() => Application.EtagFor(OutputBuffer.WrittenSpan);

    /// <summary>True when the request's <c>If-None-Match</c> matches the response's <c>Etag</c> (weak comparison, RFC 9110 §13.1.2).</summary>
    public bool CheckEtagHeader()
    {
        // The request's header first: most requests carry no If-None-Match, and their headers are few.
        if (!Request.Headers.TryGetFirst("If-None-Match", out var inm) || !PendingHeaders.TryGetFirst("Etag", out var etag)) return false;
        if (inm.Trim() == "*") return true;
        var computed = StripWeak(etag.AsSpan());
        foreach (var range in inm.AsSpan().Split(','))
        {
            if (StripWeak(inm.AsSpan()[range].Trim()).SequenceEqual(computed)) return true;
        }
        return false;
    }

    private static ReadOnlySpan<char> StripWeak(ReadOnlySpan<char> tag) => tag.StartsWith("W/") ? tag[2..] : tag;
}
