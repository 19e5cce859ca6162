namespace Squall.Analyzers.Infrastructure;

/// <summary>How a blocking call can be rewritten; carried to the code fix in <c>Diagnostic.Properties</c>.</summary>
internal enum BlockingFix
{
    /// <summary>No direct rewrite; only the RunInExecutor move (if allowed) is offered.</summary>
    None,
    /// <summary><c>Thread.Sleep(x)</c> → <c>await Gen.Sleep(...)</c>.</summary>
    Sleep,
    /// <summary><c>t.Result</c>, <c>t.Wait()</c>, <c>t.GetAwaiter().GetResult()</c> → <c>await t</c>.</summary>
    Await,
    /// <summary><c>x.Foo(args)</c> → <c>await x.FooAsync(args)</c>.</summary>
    AsyncAlternative,
}

/// <summary>One row of the blocking-call table: a member of a type, what to do instead.</summary>
internal sealed class BlockingApi
{
    public BlockingApi(string typeMetadataName, string member, BlockingFix fix, string hint, string? asyncAlternative = null, bool offerExecutor = true)
    {
        TypeMetadataName = typeMetadataName;
        Member = member;
        Fix = fix;
        Hint = hint;
        AsyncAlternative = asyncAlternative;
        OfferExecutor = offerExecutor;
    }

    public string TypeMetadataName { get; }
    public string Member { get; }
    public BlockingFix Fix { get; }
    /// <summary>The second half of the message: what to write instead.</summary>
    public string Hint { get; }
    public string? AsyncAlternative { get; }
    /// <summary>False where moving the call to the thread pool would be wrong (a lock taken on another thread).</summary>
    public bool OfferExecutor { get; }
}
