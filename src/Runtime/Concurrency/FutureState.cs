namespace Squall;

/// <summary>Where a <see cref="Future"/> is in its life.</summary>
public enum FutureState : byte
{
    /// <summary>Not done yet.</summary>
    Pending,
    /// <summary>Done with a result.</summary>
    Succeeded,
    /// <summary>Done with an exception.</summary>
    Faulted,
    /// <summary>Cancelled with <see cref="Future.Cancel"/>.</summary>
    Canceled,
}
