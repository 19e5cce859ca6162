namespace Squall.TestSupport;

/// <summary>
/// A test handler that calls <see cref="Changed"/> (on the loop) whenever something a test may wait for happened, so
/// <see cref="ServerOnThread.WaitUntil"/> re-checks its condition on that event instead of polling.
/// </summary>
internal interface IReportsChanges
{
    Action? Changed { get; set; }
}
