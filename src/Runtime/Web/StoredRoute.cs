namespace Squall.Web;

/// <summary>The route values of a streamed request, matched again once its body has arrived;
/// the generated dispatch takes them by reference, so they need a home that outlives the call.</summary>
internal sealed class StoredRoute
{
    /// <summary>The values matched for the verb method.</summary>
    public RouteValues Values;
}
