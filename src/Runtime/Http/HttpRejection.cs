namespace Squall.Http;

/// <summary>
/// A request the server answered with an error itself, before or instead of a handler (malformed head, a body too
/// large, a header timeout), after which it closes the connection: what an access log records for it.
/// </summary>
/// <param name="Status">The status sent (400, 408, 413, 431, 505...).</param>
/// <param name="Reason">Why, as sent in the response body.</param>
/// <param name="RemoteIp">The client's address.</param>
/// <param name="Method">The request's method when its start line could be parsed, else null.</param>
/// <param name="Uri">The request's target when its start line could be parsed, else null.</param>
public readonly record struct HttpRejection(int Status, string Reason, string RemoteIp, string? Method, string? Uri);
