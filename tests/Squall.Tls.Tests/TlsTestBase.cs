using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Squall.IO;

namespace Squall.Tls.Tests;

/// <summary>Loop tests over real loopback sockets with TLS: servers on 127.0.0.1 port 0, every await bounded.</summary>
[Collection("tls")]
public abstract class TlsTestBase(TestCertificates certs) : LoopTestBase(PollerKind.Epoll)
{
    protected static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    private readonly List<TcpServer> _servers = new();

    protected TestCertificates Certs { get; } = certs;

    protected SslServerAuthenticationOptions ServerOptions() => TlsCertificates.ServerOptions(Certs.ServerCertFile, Certs.ServerKeyFile);

    /// <summary>Client options trusting only the test CA, for <paramref name="host"/>.</summary>
    protected SslClientAuthenticationOptions ClientOptions(string host = "localhost") => new()
    {
        TargetHost = host,
        CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            CustomTrustStore = { Certs.Ca },
            DisableCertificateDownloads = true,
            RevocationMode = X509RevocationMode.NoCheck,
        },
    };

    protected TcpServer StartTlsServer(Func<IOStream, EndPoint, Future> handler, SslServerAuthenticationOptions? options = null, TimeSpan? handshakeTimeout = null)
    {
        var server = new TcpServer(handler) { SslOptions = options ?? ServerOptions() };
        if (handshakeTimeout is { } t) server.HandshakeTimeout = t;
        server.Listen(0, "127.0.0.1", backlog: 1024);
        _servers.Add(server);
        return server;
    }

    protected static Future<T> Within<T>(Future<T> future) => Gen.WithTimeout(Step, future);

    protected static Future Within(Future future) => Gen.WithTimeout(Step, future);

    /// <summary>Awaits <paramref name="future"/> and returns the exception it failed with (fails the test if it succeeded).</summary>
    protected static async Future<Exception> Failure(Future future)
    {
        var done = new Future();
        future.AddDoneCallback(_ => done.TrySetResult());
        await Within(done);
        return future.Exception ?? throw new Xunit.Sdk.XunitException("Expected the future to fail, but it succeeded.");
    }

    /// <summary>Echoes lines until the peer closes.</summary>
    protected static async Future EchoLines(IOStream stream)
    {
        try
        {
            while (true)
            {
                var line = await stream.ReadUntil("\n"u8);
                await stream.Write(line);
            }
        }
        catch (StreamClosedException)
        {
        }
    }

    /// <summary>A blocking raw socket connected to <paramref name="port"/> (use it off the loop, in the executor).</summary>
    protected static Socket RawConnect(int port)
    {
        var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 20_000 };
        raw.Connect(new IPEndPoint(IPAddress.Loopback, port));
        return raw;
    }

    /// <summary>Open file descriptors of this process.</summary>
    protected static int OpenFds() => Directory.GetFiles("/proc/self/fd").Length;

    /// <summary>What each open descriptor of this process points at (socket:[inode], a file path, anon_inode:...).</summary>
    protected static List<string> FdTargets()
    {
        var targets = new List<string>();
        foreach (var fd in Directory.GetFiles("/proc/self/fd"))
        {
            try { targets.Add(new FileInfo(fd).LinkTarget ?? fd); }
            catch (IOException) { } // closed between the listing and the read
        }
        targets.Sort(StringComparer.Ordinal);
        return targets;
    }

    /// <summary>
    /// Asserts the process holds exactly the descriptors of <paramref name="before"/> again, leaving aside the files the
    /// runtime opens for itself and keeps for the life of the process: an assembly loaded for the first time holds two
    /// descriptors on its .dll (measured on .NET 10 here: every first load added the same path twice) and a symbol file
    /// read for a stack trace holds one on its .pdb. Such a load can happen in the middle of a test (a code path run
    /// for the first time, a tier-1 recompilation that inlines code from another assembly), and its two descriptors
    /// counted exactly like a leaked IOLoop (an epoll fd and an eventfd); the one unexplained "+2" of the stress runs,
    /// taken before descriptors were named, is consistent with it. A leaked socket, pipe, loop or any other file still
    /// fails; a failure names what was opened and not closed (or closed), and lists the runtime's own files too.
    /// </summary>
    protected static void AssertFdsBackTo(List<string> before)
    {
        var after = FdTargets();
        var added = new List<string>(after);
        foreach (var t in before) added.Remove(t);
        var removed = new List<string>(before);
        foreach (var t in after) removed.Remove(t);
        var runtimeOwn = added.Where(IsRuntimeOwnedFile).ToList();
        added.RemoveAll(IsRuntimeOwnedFile);
        if (added.Count == 0 && removed.Count == 0) return;
        Assert.Fail($"{before.Count} descriptors before, {after.Count} after; opened: [{string.Join(", ", added)}]; closed: [{string.Join(", ", removed)}]"
            + $"; the runtime's own (not counted): [{string.Join(", ", runtimeOwn)}]");
    }

    /// <summary>An assembly or symbol file the runtime opened for itself (it stays open until the process ends).</summary>
    private static bool IsRuntimeOwnedFile(string target) =>
        target.StartsWith('/') && (target.EndsWith(".dll", StringComparison.Ordinal) || target.EndsWith(".pdb", StringComparison.Ordinal));

    protected override void OnDispose()
    {
        foreach (var server in _servers) server.Stop();
    }
}
