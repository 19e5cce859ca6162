using System.Net.Security;
using System.Security.Authentication;
using System.Text;
using Squall.IO;

namespace Squall.Tls.Tests;

/// <summary>SslIOStream over the loop: handshakes, echo, bulk both ways, StartTls, SNI, client certificates; all on the loop thread.</summary>
public sealed class TlsStreamTests(TestCertificates certs) : TlsTestBase(certs)
{
    [Fact]
    public void EchoOverTlsRunsEveryRecordOnTheLoopThread() => Run(async () =>
    {
        long offLoopBefore = LoopSocketStream.OffLoopOperations;
        int loopThread = Environment.CurrentManagedThreadId;
        var serverThreads = new List<int>();
        SslIOStream? serverSide = null;
        var server = StartTlsServer(async (stream, _) =>
        {
            serverSide = (SslIOStream)stream;
            serverThreads.Add(Environment.CurrentManagedThreadId);
            await EchoLines(stream);
        });
        var client = (SslIOStream)await Within(TcpClient.Connect("127.0.0.1", server.BoundPort, Step, sslOptions: ClientOptions()));
        Assert.Equal(loopThread, Environment.CurrentManagedThreadId);
        Assert.True(client.IsAuthenticated);
        Assert.Equal(SslProtocols.Tls13, client.SslProtocol);
        Assert.Equal("localhost", client.TargetHostName);
        for (int i = 0; i < 50; i++)
        {
            var message = Encoding.ASCII.GetBytes($"line {i} over TLS\n");
            await Within(client.Write(message));
            var echoed = await Within(client.ReadUntil("\n"u8));
            Assert.Equal(message, echoed);
            Assert.Equal(loopThread, Environment.CurrentManagedThreadId);
        }
        Assert.Equal([loopThread], serverThreads);
        // The handshake waited for the client's flights and was resumed from the loop's readiness report (records
        // that arrive whole are read synchronously and need no resumption). Every transport operation SslStream made,
        // before and after each resumption, ran on the loop thread: a thread-pool hop would be counted here (it was,
        // 2 per handshake, before the transport cleared the loop's SynchronizationContext around resumptions).
        Assert.True(serverSide!.ResumedTransportReads >= 1, $"resumed reads: {serverSide.ResumedTransportReads}");
        Assert.Equal(offLoopBefore, LoopSocketStream.OffLoopOperations);
        client.Close();
    });

    [Fact]
    public void EightMebibytesEachWayWithBackpressure() => Run(async () =>
    {
        var payload = new byte[8 * 1024 * 1024];
        new Random(7).NextBytes(payload);
        var server = StartTlsServer(async (stream, _) =>
        {
            // Reads it all, then answers with it all: the client's receive window fills while the server writes.
            var data = await stream.ReadBytes(payload.Length);
            await stream.Write(data);
        });
        var client = await Within(TcpClient.Connect("127.0.0.1", server.BoundPort, Step, sslOptions: ClientOptions()));
        var write = client.Write(payload);
        var echoed = await Within(client.ReadBytes(payload.Length));
        await Within(write);
        Assert.True(payload.AsSpan().SequenceEqual(echoed));
        client.Close();
    });

    [Fact]
    public void StartTlsUpgradesAPlainConnection() => Run(async () =>
    {
        var options = ServerOptions();
        var serverSaw = new Future<string>();
        var plain = new TcpServer(async (stream, _) =>
        {
            var command = await stream.ReadUntil("\n"u8);
            await stream.Write("OK, go ahead\n"u8.ToArray());
            var tls = await stream.StartTls(options, Step);
            Assert.True(stream.Closed);
            serverSaw.TrySetResult(Encoding.ASCII.GetString(command).Trim() + "|" + Encoding.ASCII.GetString(await tls.ReadUntil("\n"u8)).Trim());
            await tls.Write("secret received\n"u8.ToArray());
        });
        plain.Listen(0, "127.0.0.1");
        try
        {
            var stream = await Within(TcpClient.Connect("127.0.0.1", plain.BoundPort));
            await stream.Write("STARTTLS\n"u8.ToArray());
            Assert.Equal("OK, go ahead\n", Encoding.ASCII.GetString(await Within(stream.ReadUntil("\n"u8))));
            var tls = (SslIOStream)await Within(stream.StartTls(ClientOptions()));
            Assert.True(tls.IsAuthenticated);
            await tls.Write("the secret\n"u8.ToArray());
            Assert.Equal("secret received\n", Encoding.ASCII.GetString(await Within(tls.ReadUntil("\n"u8))));
            Assert.Equal("STARTTLS|the secret", await Within(serverSaw));
            tls.Close();
        }
        finally
        {
            plain.Stop();
        }
    });

    [Fact]
    public void StartTlsRefusesAStreamWithBufferedBytes() => Run(async () =>
    {
        var accepted = new Future<IOStream>();
        var plain = new TcpServer((stream, _) => { accepted.TrySetResult(stream); return Future.Completed; });
        plain.Listen(0, "127.0.0.1");
        try
        {
            var client = await Within(TcpClient.Connect("127.0.0.1", plain.BoundPort));
            var server = await Within(accepted);
            await client.Write("HELLO\nextra"u8.ToArray());
            Assert.Equal("HELLO\n", Encoding.ASCII.GetString(await Within(server.ReadUntil("\n"u8))));
            while (server.Buffered.Length < 5) await server.WaitForData();
            var error = Assert.Throws<InvalidOperationException>(() => server.StartTls(ServerOptions()));
            Assert.Contains("unread bytes", error.Message, StringComparison.Ordinal);
            client.Close();
            server.Close();
        }
        finally
        {
            plain.Stop();
        }
    });

    [Fact]
    public void SniPicksTheCertificateForTheRequestedName() => Run(async () =>
    {
        var localhost = TlsCertificates.LoadPem(Certs.ServerCertFile, Certs.ServerKeyFile);
        var other = TlsCertificates.LoadPem(Certs.OtherHostCertFile, Certs.OtherHostKeyFile);
        var asked = new List<string?>();
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateSelectionCallback = (_, name) =>
            {
                asked.Add(name);
                return name == "other.example" ? other : localhost;
            },
        };
        var server = StartTlsServer((stream, _) => EchoLines(stream), options);
        foreach (var host in new[] { "other.example", "localhost" })
        {
            var client = (SslIOStream)await Within(TcpClient.Connect("127.0.0.1", server.BoundPort, Step, sslOptions: ClientOptions(host)));
            Assert.Equal("CN=" + host, client.RemoteCertificate!.Subject);
            client.Close();
        }
        Assert.Equal(["other.example", "localhost"], asked);
    });

    [Fact]
    public void ClientCertificatesAreRequiredAndChecked() => Run(async () =>
    {
        var options = ServerOptions();
        options.ClientCertificateRequired = true;
        options.RemoteCertificateValidationCallback = (_, cert, chain, errors) =>
            cert is not null && cert.Issuer == Certs.Ca.Subject && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None;
        var subjects = new List<string>();
        var server = StartTlsServer(async (stream, _) =>
        {
            subjects.Add(((SslIOStream)stream).RemoteCertificate!.Subject);
            await EchoLines(stream);
        }, options);

        var withCert = ClientOptions();
        withCert.ClientCertificates = [TlsCertificates.LoadPem(Certs.ClientCertFile, Certs.ClientKeyFile)];
        var client = await Within(TcpClient.Connect("127.0.0.1", server.BoundPort, Step, sslOptions: withCert));
        await client.Write("hi\n"u8.ToArray());
        Assert.Equal("hi\n", Encoding.ASCII.GetString(await Within(client.ReadUntil("\n"u8))));
        Assert.Equal(["CN=squall-client"], subjects);
        client.Close();

        // Without a certificate the server refuses the handshake (TLS 1.3 reports it on the first read).
        var bare = await Failure(Within(TcpClient.Connect("127.0.0.1", server.BoundPort, Step, sslOptions: ClientOptions())).ContinueWithRead());
        Assert.True(bare is AuthenticationException or IOException or StreamClosedException, bare.ToString());
        Assert.Equal(["CN=squall-client"], subjects);
        Assert.Equal(1, server.FailedHandshakes);
    });

    [Fact]
    public void DataInTheSameFlightAsTheClientFinishedIsServed() => Run(async () =>
    {
        // A TLS 1.3 client may send its first request right behind its Finished, in one segment: SslStream takes both
        // while finishing the handshake, and the kernel never reports the request as readable again.
        var server = StartTlsServer((stream, _) => EchoLines(stream));
        var ca = Certs.Ca;
        var reply = await Loop.RunInExecutor(() =>
        {
            using var raw = RawConnect(server.BoundPort);
            using var coalescing = new CoalescingStream(new System.Net.Sockets.NetworkStream(raw, ownsSocket: false));
            using var ssl = new SslStream(coalescing, leaveInnerStreamOpen: true);
            var options = new SslClientAuthenticationOptions { TargetHost = "localhost", RemoteCertificateValidationCallback = (_, c, _, _) => c!.Issuer == ca.Subject };
            ssl.AuthenticateAsClient(options);
            ssl.Write("same flight\n"u8);
            coalescing.Release(); // Finished + the line leave in one send
            var buffer = new byte[64];
            int n = 0;
            while (n == 0 || buffer[n - 1] != (byte)'\n')
            {
                int r = ssl.Read(buffer, n, buffer.Length - n);
                if (r == 0) break;
                n += r;
            }
            return Encoding.ASCII.GetString(buffer, 0, n);
        });
        Assert.Equal("same flight\n", reply);
    });

    [Fact]
    public void OldProtocolVersionsAreRefusedInOptions()
    {
#pragma warning disable SYSLIB0039 // naming TLS 1.1 is the point of the test
        var options = ServerOptions();
        options.EnabledSslProtocols = SslProtocols.Tls11 | SslProtocols.Tls12;
#pragma warning restore SYSLIB0039
        var server = new TcpServer((_, _) => Future.Completed);
        Assert.Throws<ArgumentException>(() => server.SslOptions = options);
    }
}

/// <summary>Passes writes through until the first read returns, then holds them until <see cref="Release"/> sends them in one write.</summary>
internal sealed class CoalescingStream(Stream inner) : Stream
{
    private readonly MemoryStream _held = new();
    private bool _holding;

    public void Release()
    {
        inner.Write(_held.ToArray());
        _held.SetLength(0);
        _holding = false;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = inner.Read(buffer, offset, count);
        _holding = true;
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (_holding) _held.Write(buffer, offset, count);
        else inner.Write(buffer, offset, count);
    }

    public override void Flush() { }
    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

internal static class TlsFutureExtensions
{
    /// <summary>Connects, then reads one line: a handshake refused by the server surfaces on the first read in TLS 1.3.</summary>
    public static async Future<IOStream> ContinueWithRead(this Future<IOStream> connect)
    {
        var stream = await connect;
        await stream.Write("hi\n"u8.ToArray());
        await Gen.WithTimeout(TimeSpan.FromSeconds(20), stream.ReadUntil("\n"u8));
        return stream;
    }
}
