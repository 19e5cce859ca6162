namespace Squall.Http;

/// <summary>
/// A fetch that did not succeed (Tornado's <c>HTTPClientError</c>): a non-2xx response (<see cref="Response"/> set), or
/// code 599 for a timeout or connection failure (no response; <see cref="Exception.InnerException"/> is the cause).
/// </summary>
public sealed class HttpClientError : Exception
{
    /// <summary>Creates the error.</summary>
    public HttpClientError(int code, string? message = null, HttpResponse? response = null, Exception? inner = null)
        : base($"HTTP {code}: {message ?? HttpStatus.Reason(code)}", inner)
    {
        Code = code;
        Response = response;
    }

    /// <summary>The status code, or 599.</summary>
    public int Code { get; }

    /// <summary>The response, when one arrived.</summary>
    public HttpResponse? Response { get; }
}
