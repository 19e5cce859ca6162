using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Squall.Http;

namespace Squall.Web;

/// <summary>
/// A web application: routes requests from an <c>HttpServer</c> to handlers through a generated
/// <see cref="RouteTable"/> (Tornado's <c>Application</c>). It holds no per-request state, so the servers of several
/// loops may share one (see <see cref="HttpServerGroup"/>); each request runs on its own connection's loop.
/// </summary>
public sealed partial class Application : IHttpHandler
{
    /// <summary>Creates an application serving <paramref name="routes"/>.</summary>
    public Application(RouteTable routes, ApplicationSettings? settings = null)
    {
        Routes = routes;
        Settings = settings ?? new ApplicationSettings();
        Logger = Settings.Logger ?? SquallLogging.Default;
        AccessLogger = Settings.AccessLogger ?? Logger;
        CheckHandlerServices();
    }

    /// <summary>The routes served.</summary>
    public RouteTable Routes { get; }

    /// <summary>The settings.</summary>
    public ApplicationSettings Settings { get; }

    /// <summary>Where errors (and, unless <see cref="ApplicationSettings.AccessLogger"/> is set, the access log) go.</summary>
    public ILogger Logger { get; }

    /// <summary>Where the access log goes.</summary>
    public ILogger AccessLogger { get; }

    /// <inheritdoc/>
    HttpBodyMode IHttpHandler.HeadersReceived(HttpServerRequest request)
    {
        // Only a request with a body can be streamed: without one, the handler runs once the head is in (RequestReceived),
        // and matching the route here as well would match it twice per request.
        if (!request.Headers.ContainsKey("Content-Length") && !request.Headers.ContainsKey("Transfer-Encoding")) return HttpBodyMode.Buffered;
        var values = default(RouteValues);
        var entry = MatchRoute(request, ref values);
        if (entry is null || !entry.StreamRequestBody) return HttpBodyMode.Buffered;
        RequestHandler handler;
        try
        {
            handler = CreateHandler(entry);
        }
        catch (Exception)
        {
            // RequestReceived makes it again and answers 500 with the error logged.
            return HttpBodyMode.Buffered;
        }
        request.HandlerState = handler;
        try
        {
            handler.AttachRequest(this, request);
            handler.RunPrepare();
        }
        catch (Exception e)
        {
            handler.HandleRequestException(e);
        }
        return handler.Finished ? HttpBodyMode.Buffered : HttpBodyMode.Streamed;
    }

    /// <inheritdoc/>
    void IHttpHandler.DataReceived(HttpServerRequest request, ReadOnlySpan<byte> chunk)
    {
        if (request.HandlerState is not RequestHandler handler || handler.Finished) return;
        try
        {
            handler.DataReceived(chunk);
        }
        catch (Exception e)
        {
            handler.HandleRequestException(e);
        }
    }

    /// <inheritdoc/>
    Future IHttpHandler.RequestReceived(HttpServerRequest request)
    {
        if (request.HandlerState is RequestHandler streamed)
        {
            if (streamed.Finished) return Future.Completed;
            var stored = streamed.StoredRoute ??= new StoredRoute();
            var entry = Routes.Match(request.Path, ref stored.Values)!;
            return entry.Execute(streamed, ref stored.Values);
        }
        if (ReferenceEquals(request.HandlerState, RouteTimedOut)) return NotFound(request); // matched once, logged once
        if (Settings.StaticPath is not null && request.Path.StartsWith(Settings.StaticUrlPrefix, StringComparison.Ordinal))
            return ServeStatic(request);
        var values = default(RouteValues);
        var match = MatchRoute(request, ref values);
        if (match is null) return NotFound(request);
        RequestHandler handler;
        try
        {
            handler = CreateHandler(match);
        }
        catch (Exception e)
        {
            return HandlerCreationFailed(request, match, e);
        }
        request.HandlerState = handler;
        try
        {
            handler.AttachRequest(this, request);
        }
        catch (Exception e)
        {
            handler.HandleRequestException(e);
            handler.CompleteRequest();
            return Future.Completed;
        }
        return match.Execute(handler, ref values);
    }

    /// <inheritdoc/>
    void IHttpHandler.RequestRejected(HttpRejection rejection) => LogRejected(rejection);

    void IHttpHandler.OnConnectionClose(HttpServerRequest request)
    {
        if (request.HandlerState is RequestHandler handler && !handler.Finished) handler.NotifyConnectionClose();
    }

    // Marks a request whose path made a route regex time out in HeadersReceived, so RequestReceived does not try again.
    private static readonly object RouteTimedOut = new();

    /// <summary>
    /// <see cref="RouteTable.Match"/>, where a regex route that runs past its match timeout on this path (a pattern
    /// that backtracks exponentially on hostile input) counts as no match: 404 and a warning, never a stalled loop or a
    /// crashed connection.
    /// </summary>
    private RouteEntry? MatchRoute(HttpServerRequest request, ref RouteValues values)
    {
        try
        {
            return Routes.Match(request.Path, ref values);
        }
        catch (RegexMatchTimeoutException e)
        {
            LogRouteRegexTimeout(request, e);
            request.HandlerState = RouteTimedOut;
            values.Reset(request.Path);
            return null;
        }
    }

    private Future NotFound(HttpServerRequest request)
    {
        RequestHandler handler = Settings.DefaultHandler is { } factory ? factory() : new ErrorHandler(404);
        request.HandlerState = handler;
        try
        {
            handler.AttachRequest(this, request);
            var prepare = handler.RunPrepare();
            if (!prepare.IsDone) return FinishDefaultAfter(handler, prepare);
            prepare.ThrowIfFailed();
            if (!handler.Finished) handler.SendError(404);
        }
        catch (Exception e)
        {
            handler.HandleRequestException(e);
        }
        handler.CompleteRequest();
        return Future.Completed;
    }

    private static async Future FinishDefaultAfter(RequestHandler handler, Future prepare)
    {
        try
        {
            await prepare;
            if (!handler.Finished) handler.SendError(404);
        }
        catch (Exception e)
        {
            handler.HandleRequestException(e);
        }
        handler.CompleteRequest();
    }
}
