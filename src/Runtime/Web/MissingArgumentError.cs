namespace Squall.Web;

/// <summary>A required argument is absent: 400 naming it (Tornado's <c>MissingArgumentError</c>).</summary>
public sealed class MissingArgumentError : HttpError
{
    /// <summary>Creates the error for <paramref name="argumentName"/>.</summary>
    public MissingArgumentError(string argumentName)
        : base(400, "Missing argument " + argumentName, "Missing argument " + argumentName)
    {
        ArgumentName = argumentName;
    }

    /// <summary>The missing argument's name.</summary>
    public string ArgumentName { get; }
}
