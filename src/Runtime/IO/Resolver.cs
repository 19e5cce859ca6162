using System.Net;
using System.Net.Sockets;

namespace Squall.IO;

/// <summary>
/// Resolves host names to addresses without blocking the loop: <c>getaddrinfo</c> (through
/// <see cref="Dns.GetHostAddresses(string)"/>) runs in <see cref="IOLoop.RunInExecutor{T}"/>, as Tornado's
/// <c>DefaultExecutorResolver</c> does. IP literals resolve at once, without the executor.
/// </summary>
public class Resolver
{
    /// <summary>The shared default resolver.</summary>
    public static Resolver Default { get; } = new();

    /// <summary>
    /// The addresses of <paramref name="host"/>, filtered to <paramref name="family"/> unless it is
    /// <see cref="AddressFamily.Unspecified"/>. Fails with a <see cref="SocketException"/> when nothing is found.
    /// Completes on the calling thread's loop (on a thread-pool thread when it has none; no loop is made).
    /// </summary>
    public virtual Future<IPAddress[]> Resolve(string host, AddressFamily family = AddressFamily.Unspecified)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            if (family != AddressFamily.Unspecified && literal.AddressFamily != family)
            {
                return Future.FromException<IPAddress[]>(new SocketException((int)SocketError.AddressFamilyNotSupported));
            }
            return Future.FromResult(new[] { literal });
        }
        // On a loop the answer comes back on it; off any loop (a thread-pool caller) no loop is made for the call.
        if (IOLoop.CurrentOrNull is { } loop) return loop.RunInExecutor(() => Lookup(host, family));
        return Future.FromTask(Task.Run(() => Lookup(host, family)));
    }

    private static IPAddress[] Lookup(string host, AddressFamily family)
    {
        var addresses = Dns.GetHostAddresses(host, family);
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        return addresses;
    }
}
