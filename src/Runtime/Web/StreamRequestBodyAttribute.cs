namespace Squall.Web;

/// <summary>
/// The handler receives its body in pieces through <see cref="RequestHandler.DataReceived"/> instead of buffered in
/// <c>Request.Body</c> (Tornado's <c>@stream_request_body</c>): <see cref="RequestHandler.Prepare"/> runs when the
/// headers arrive, the verb method after the last piece.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class StreamRequestBodyAttribute : Attribute
{
}
