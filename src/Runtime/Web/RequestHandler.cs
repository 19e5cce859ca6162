using Microsoft.Extensions.Logging;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using Squall.Http;

namespace Squall.Web;

/// <summary>
/// Base class of request handlers (Tornado's <c>RequestHandler</c>). Subclasses carry <see cref="RouteAttribute"/>s
/// and declare verb methods by name — <c>Get</c>, <c>Post</c>, <c>Put</c>, <c>Delete</c>, <c>Patch</c>, <c>Head</c>,
/// <c>Options</c> — returning <c>void</c> or <see cref="Future"/>, whose parameters are bound from route values by
/// name. The source generator creates one instance per request and drives its life cycle:
/// <see cref="Prepare"/> → verb → <see cref="Finish"/> (unless already finished) → <see cref="OnFinish"/>.
/// All members are loop-thread only.
/// </summary>
public abstract partial class RequestHandler : IFutureWaiter
{
    private HttpServerRequest? _request;
    private Application? _application;
    private Future? _pendingPrepare;
    private bool _prepareStarted;

    // These getters run several times per request: inlined, with the throw out of line (NativeAOT, which has no
    // profile to tell it they are hot, left them as calls; issue 16).

    /// <summary>The request being handled.</summary>
    public HttpServerRequest Request
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _request ?? ThrowNotAttached<HttpServerRequest>();
    }

    /// <summary>The application this handler runs in.</summary>
    public Application Application
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _application ?? ThrowNotAttached<Application>();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T ThrowNotAttached<T>() => throw new InvalidOperationException("The handler is not attached to a request.");

    /// <summary>The application's settings.</summary>
    public ApplicationSettings Settings => Application.Settings;

    /// <summary>
    /// Where the route values of a streamed request wait for the verb method. A separate object, created only for
    /// streamed requests: inline, the values (16 ranges) would make every handler ~150 B larger.
    /// </summary>
    internal StoredRoute? StoredRoute;

    /// <summary>Set by <see cref="HandlerPool{T}"/>: the pool this handler goes back to once its request is complete (0: none).</summary>
    internal int PoolSlot;

    // The request's service scope when the handler was made from services; disposed once the request is complete.
    internal IRequestScope? RequestScope;

    /// <summary>Called once the handler is attached to its request, before <see cref="Prepare"/> (Tornado's <c>initialize</c>).</summary>
    public virtual void Initialize() { }

    /// <summary>
    /// Runs before the verb method (Tornado's <c>prepare</c>); may finish the response itself, in which case the verb is
    /// skipped. Return <see cref="Future.Completed"/> when synchronous, or make it <c>async Future</c>.
    /// </summary>
    public virtual Future Prepare() => Future.Completed;

    /// <summary>Called after the response is finished (Tornado's <c>on_finish</c>), for cleanup and logging.</summary>
    public virtual void OnFinish() { }

    /// <summary>Called when the client goes away before the response is finished (Tornado's <c>on_connection_close</c>).</summary>
    public virtual void OnConnectionClose() { }

    /// <summary>A piece of the request body, for handlers with <see cref="StreamRequestBodyAttribute"/>.</summary>
    public virtual void DataReceived(ReadOnlySpan<byte> chunk) { }

    /// <summary>Generated dispatch only: binds this new handler to its request.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void AttachRequest(Application application, HttpServerRequest request)
    {
        _application = application;
        _request = request;
        ResetOutput();
        Initialize();
    }

    /// <summary>
    /// Generated dispatch only: checks XSRF for unsafe methods when enabled, then starts <see cref="Prepare"/> once
    /// (a streamed request starts it when the headers arrive, and the verb awaits that same future).
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Future RunPrepare()
    {
        if (_prepareStarted) return _pendingPrepare ?? Future.Completed;
        _prepareStarted = true;
        string method = Request.Method;
        if (Settings.XsrfCookies && method is not ("GET" or "HEAD" or "OPTIONS")) CheckXsrfCookie();
        var prepare = Prepare();
        if (!prepare.IsDone) _pendingPrepare = prepare;
        return prepare;
    }

    /// <summary>Generated dispatch only: answers an exception from the life cycle (HttpError → its status; others → 500, logged).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void HandleRequestException(Exception exception)
    {
        if (exception is HttpError error)
        {
            if (error.LogMessage is not null && Application.Logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Warning))
                Application.LogHttpError(this, error);
        }
        else if (exception is Squall.IO.StreamClosedException && Request.Connection.Closed)
        {
            // The client went away mid-response (a reset, a closed tab): not a bug in the handler, and at a thousand
            // resets a second a stack trace each would cost more than the requests.
            Application.LogClientGone(this, exception);
            return;
        }
        else
        {
            Application.LogUncaught(this, exception);
        }
        if (Finished) return;
        if (exception is HttpError e) SendError(e.StatusCode, exception);
        else SendError(500, exception);
    }

    /// <summary>Generated dispatch only: finishes the response unless the handler did (Tornado's auto-finish).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void CompleteRequest()
    {
        if (!Finished)
        {
            try
            {
                Finish();
            }
            catch (Exception e)
            {
                Application.LogUncaught(this, e);
            }
        }
        if (PoolSlot == 0)
        {
            // Not reused: its buffer serves the next handler instead of becoming garbage.
            ReleaseBuffers();
        }
        else
        {
            int slot = PoolSlot;
            PoolSlot = 0;
            if (_request is not null && ReferenceEquals(_request.HandlerState, this)) _request.HandlerState = null;
            _request = null;
            _application = null;
            HandlerPools.Return(slot, this);
        }
        if (RequestScope is { } scope)
        {
            RequestScope = null;
            try
            {
                scope.Dispose();
            }
            catch (Exception e)
            {
                (_application?.Logger ?? SquallLogging.Default).LogError(e, "Disposing the request's services failed");
            }
        }
    }

    /// <summary>
    /// Generated dispatch only: completes the request when the verb's pending future is done. The handler itself waits
    /// on the future (it is an intrusive waiter) and the completion is queued with a static callback, so this costs no
    /// allocation beyond the verb's own coroutine. The returned future is already done: the connection waits for
    /// <see cref="Finish"/>, and errors become responses here, never a faulted future.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Future CompleteAfter(Future verb)
    {
        _awaitedVerb = verb;
        _verbLoop = IOLoop.Current;
        verb.AddWaiter(this);
        return Future.Completed;
    }

    private static readonly SendOrPostCallback s_verbDone = static state => ((RequestHandler)state!).OnVerbDone();

    private Future? _awaitedVerb;
    private IOLoop? _verbLoop;

    IFutureWaiter? IFutureWaiter.NextWaiter { get; set; }

    // Futures notify waiters inline; the rest of the life cycle runs as a loop callback, as an await would.
    void IFutureWaiter.OnFutureDone(Future future) => _verbLoop!.AddCallback(s_verbDone, this);

    private void OnVerbDone()
    {
        var verb = _awaitedVerb!;
        _awaitedVerb = null;
        _verbLoop = null;
        ((IFutureWaiter)this).NextWaiter = null;
        if (verb.Exception is { } e) HandleRequestException(e);
        CompleteRequest();
    }

    /// <summary>Generated dispatch only: the method has no verb method on this handler → 405 with <c>Allow</c>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Future RejectMethod(string allow)
    {
        // RFC 9110 §15.5.6: a 405 lists the methods the resource supports.
        Clear();
        SetStatus(405);
        SetHeader("Allow", allow);
        try
        {
            WriteError(405, null);
        }
        catch (Exception e)
        {
            Application.LogUncaught(this, e);
        }
        CompleteRequest();
        return Future.Completed;
    }

    internal void NotifyConnectionClose()
    {
        try
        {
            OnConnectionClose();
        }
        catch (Exception e)
        {
            Application.LogUncaught(this, e);
        }
    }
}
