namespace Squall.Loop;

/// <summary>One ready fd with what it is ready for.</summary>
internal readonly record struct PollEvent(int Fd, IOEvents Events);

/// <summary>
/// The readiness backend of an <see cref="IOLoop"/>: the loop registers fds with the events it wants and
/// waits for readiness. Backends are level-triggered, like Tornado's.
/// </summary>
internal interface IPoller : IDisposable
{
    void Register(int fd, IOEvents events);
    void Modify(int fd, IOEvents events);
    void Unregister(int fd);

    /// <summary>Waits up to <paramref name="timeoutMs"/> (-1 forever) and fills <paramref name="ready"/>; returns how many.</summary>
    int Wait(Span<PollEvent> ready, int timeoutMs);
}
