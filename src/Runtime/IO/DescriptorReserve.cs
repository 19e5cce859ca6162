using Squall.Loop.Interop;

namespace Squall.IO;

/// <summary>
/// A few descriptors held back (opened on <c>/dev/null</c>) so that a process whose connections use up its fd limit
/// still has some for itself: when <c>accept</c> fails for want of descriptors the reserve is given back, and the
/// runtime can still load an assembly, open a file or log while accepting is paused. Accepting resumes only once the
/// reserve could be taken again, so the headroom is there at the start of every shortage.
/// </summary>
internal sealed class DescriptorReserve
{
    private const int Size = 8;
    private readonly int[] _fds = new int[Size];
    private int _held;

    /// <summary>True when the whole reserve is held.</summary>
    public bool Full => _held == Size;

    /// <summary>
    /// Opens the reserve; false, holding nothing, when the process has not that many descriptors to spare. All or
    /// nothing: a partly filled reserve would hold freed descriptors hostage while the process has none.
    /// </summary>
    public bool TryFill()
    {
        while (_held < Size)
        {
            int fd = Libc.Open("/dev/null", Libc.O_RDONLY | Libc.O_CLOEXEC);
            if (fd < 0)
            {
                Release();
                return false;
            }
            _fds[_held++] = fd;
        }
        return true;
    }

    /// <summary>Closes every reserve descriptor, making them available to the rest of the process.</summary>
    public void Release()
    {
        while (_held > 0) Libc.Close(_fds[--_held]);
    }
}
