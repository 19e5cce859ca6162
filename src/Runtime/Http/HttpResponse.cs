using System.Text;

namespace Squall.Http;

/// <summary>A response from <see cref="AsyncHttpClient"/> (Tornado's <c>HTTPResponse</c>).</summary>
public sealed class HttpResponse
{
    /// <summary>Creates a response.</summary>
    public HttpResponse(HttpRequest request, int code, string reason, HttpHeaders headers, ReadOnlyMemory<byte> body,
        string effectiveUrl, TimeSpan requestTime, Exception? error = null)
    {
        Request = request;
        Code = code;
        Reason = reason;
        Headers = headers;
        Body = body;
        EffectiveUrl = effectiveUrl;
        RequestTime = requestTime;
        Error = error;
    }

    /// <summary>The request as it was first made.</summary>
    public HttpRequest Request { get; }

    /// <summary>The status code; 599 for a timeout or connection failure (as Tornado).</summary>
    public int Code { get; }

    /// <summary>The reason phrase.</summary>
    public string Reason { get; }

    /// <summary>The response headers.</summary>
    public HttpHeaders Headers { get; }

    /// <summary>The (decoded) body, owned by this response; empty when streamed.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body decoded as UTF-8.</summary>
    public string Text => Encoding.UTF8.GetString(Body.Span);

    /// <summary>The URL after following redirects.</summary>
    public string EffectiveUrl { get; }

    /// <summary>Time from the start of the fetch (queueing included) to the end of the response.</summary>
    public TimeSpan RequestTime { get; }

    /// <summary>The failure, for responses given to a callback when the fetch failed (code 599) or was not 2xx.</summary>
    public Exception? Error { get; }
}
