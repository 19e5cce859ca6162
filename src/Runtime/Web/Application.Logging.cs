using Microsoft.Extensions.Logging;
using Squall.Http;

namespace Squall.Web;

public sealed partial class Application
{
    /// <summary>
    /// The access log line (Tornado's <c>log_request</c>): INFO below 400, WARNING below 500, ERROR above; formatted
    /// only when that level is enabled, so a quiet logger costs nothing per request.
    /// </summary>
    internal void LogRequest(RequestHandler handler)
    {
        int status = handler.GetStatus();
        var level = status < 400 ? LogLevel.Information : status < 500 ? LogLevel.Warning : LogLevel.Error;
        if (!AccessLogger.IsEnabled(level)) return;
        var request = handler.Request;
        // StartTime is on the clock of the loop that received the request; a request made without a connection (a
        // unit test of a handler) has no loop, and the shared monotonic clock is the one every loop runs on by default.
        double now = request.Loop is { } loop ? loop.Time() : IOLoop.MonotonicSeconds();
        double ms = (now - request.StartTime) * 1000.0;
        AccessLogger.Log(level, "{Status} {Method} {Uri} ({RemoteIp}) {Milliseconds:F2}ms", status, request.Method, request.Uri, request.RemoteIp, ms);
    }

    /// <summary>The access log line of a request the server refused before routing (always WARNING: a 4xx or 5xx).</summary>
    internal void LogRejected(HttpRejection rejection)
    {
        var level = rejection.Status < 500 ? LogLevel.Warning : LogLevel.Error;
        if (!AccessLogger.IsEnabled(level)) return;
        AccessLogger.Log(level, "{Status} {Method} {Uri} ({RemoteIp}) rejected: {Reason}",
            rejection.Status, rejection.Method ?? "-", rejection.Uri ?? "-", rejection.RemoteIp, rejection.Reason);
    }

    internal void LogHttpError(RequestHandler handler, HttpError error) =>
        Logger.LogWarning("{Status} {Method} {Uri}: {Message}", error.StatusCode, handler.Request.Method, handler.Request.Uri, error.LogMessage);

    internal void LogClientGone(RequestHandler handler, Exception exception)
    {
        if (!Logger.IsEnabled(LogLevel.Information)) return;
        Logger.LogInformation("{Method} {Uri} ({RemoteIp}): the client went away before the response was sent ({Cause})",
            handler.Request.Method, handler.Request.Uri, handler.Request.RemoteIp, exception.InnerException?.Message ?? exception.Message);
    }

    internal void LogRouteRegexTimeout(Http.HttpServerRequest request, System.Text.RegularExpressions.RegexMatchTimeoutException e) =>
        Logger.LogWarning("404 {Method} {Uri}: route regex '{Pattern}' timed out after {Timeout} ms on this path; answered as no match",
            request.Method, request.Uri, e.Pattern, e.MatchTimeout.TotalMilliseconds);

    internal void LogUncaught(RequestHandler handler, Exception exception) =>
        Logger.LogError(exception, "Uncaught exception {Method} {Uri}", handler.Request.Method, handler.Request.Uri);
}

internal static class StaticLogging
{
    public static void LogStaticMissing(this ILogger logger, string path) =>
        logger.LogError("Could not open static file {Path}", path);
}
