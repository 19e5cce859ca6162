using Squall.Http;

namespace Squall.Web;

public sealed partial class Application
{
    /// <summary>
    /// The URL of static file <paramref name="path"/> with a content-hash version (<c>/static/app.css?v=1a2b...</c>),
    /// so browsers may cache it for ever and still see a new version at once (Tornado's <c>static_url</c>).
    /// </summary>
    public string StaticUrl(string path)
    {
        string root = Settings.StaticPath ?? throw new InvalidOperationException("StaticUrl needs ApplicationSettings.StaticPath.");
        string url = Settings.StaticUrlPrefix + RoutePath.EscapePath(path.TrimStart('/'));
        string? file = StaticFiles.Resolve(root, path.TrimStart('/'));
        if (file is null || !File.Exists(file))
        {
            Logger.LogStaticMissing(path);
            return url;
        }
        return url + "?v=" + StaticFiles.ContentHash(file, new FileInfo(file))[..32];
    }

    // Tornado puts the static route in front of the application's own routes when static_path is set.
    private Future ServeStatic(HttpServerRequest request)
    {
        var handler = new StaticFileHandler();
        request.HandlerState = handler;
        string path = RoutePath.Decode(request.Path.AsSpan(Settings.StaticUrlPrefix.Length));
        return RunBuiltIn(handler, request, () => request.Method switch
        {
            "GET" => handler.Get(path),
            "HEAD" => handler.Head(path),
            _ => handler.RejectMethod("GET, HEAD"),
        });
    }

    /// <summary>The generated life cycle, for the runtime's own handlers (no generated dispatch exists for them).</summary>
    private Future RunBuiltIn(RequestHandler handler, HttpServerRequest request, Func<Future> verb)
    {
        try
        {
            handler.AttachRequest(this, request);
            var prepare = handler.RunPrepare();
            if (!prepare.IsDone) return RunBuiltInAfterPrepare(handler, prepare, verb);
            prepare.ThrowIfFailed();
            if (!handler.Finished)
            {
                var future = verb();
                if (!future.IsDone) return handler.CompleteAfter(future);
                future.ThrowIfFailed();
            }
        }
        catch (Exception e)
        {
            handler.HandleRequestException(e);
        }
        handler.CompleteRequest();
        return Future.Completed;
    }

    private static async Future RunBuiltInAfterPrepare(RequestHandler handler, Future prepare, Func<Future> verb)
    {
        try
        {
            await prepare;
            if (!handler.Finished) await verb();
        }
        catch (Exception e)
        {
            handler.HandleRequestException(e);
        }
        handler.CompleteRequest();
    }
}
