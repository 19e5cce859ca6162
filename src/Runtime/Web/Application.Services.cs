using Microsoft.Extensions.Logging;
using Squall.Http;

namespace Squall.Web;

public sealed partial class Application
{
    /// <summary>
    /// Start-up check of handlers whose constructors take services: there must be request scopes, and every parameter
    /// type must be resolvable. All problems are reported at once, so a deployment fails before serving, not on the
    /// first request to the handler.
    /// </summary>
    private void CheckHandlerServices()
    {
        var problems = new List<string>();
        var scopes = Settings.RequestScopes;
        foreach (var entry in Routes.Entries.DistinctBy(e => e.HandlerName))
        {
            if (entry.CreateFromServices is null) continue;
            if (scopes is null)
            {
                problems.Add($"handler {entry.HandlerName} takes services in its constructor ({string.Join(", ", entry.ServiceTypes)}), but the application has no "
                    + "ApplicationSettings.RequestScopes (serve it with Squall.Hosting's AddSquall)");
                continue;
            }
            foreach (var type in entry.ServiceTypes)
            {
                if (!scopes.CanResolve(type)) problems.Add($"handler {entry.HandlerName} needs a service of type '{type}', which is not registered");
            }
        }
        if (problems.Count > 0) throw new InvalidOperationException("Cannot serve these routes: " + string.Join("; ", problems) + ".");
    }

    /// <summary>Today's allocation-free factory, or for a handler with services one request scope and the handler made from it.</summary>
    private RequestHandler CreateHandler(RouteEntry entry)
    {
        if (entry.CreateFromServices is not { } create) return entry.Create();
        var scope = Settings.RequestScopes!.CreateScope();
        try
        {
            var handler = create(scope.Services);
            handler.RequestScope = scope;
            return handler;
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    /// <summary>A handler (or one of its services) threw while being made: 500, and the reason in the log.</summary>
    private Future HandlerCreationFailed(HttpServerRequest request, RouteEntry entry, Exception exception)
    {
        Logger.LogError(exception, "Could not create handler {Handler} for {Method} {Uri}", entry.HandlerName, request.Method, request.Uri);
        var handler = new ErrorHandler(500);
        request.HandlerState = handler;
        try
        {
            handler.AttachRequest(this, request);
            handler.SendError(500);
        }
        catch (Exception e)
        {
            handler.HandleRequestException(e);
        }
        handler.CompleteRequest();
        return Future.Completed;
    }
}
