using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Squall.IO.Tests;

public abstract class ReadTests(PollerKind poller) : IOTestBase(poller)
{
    [Fact]
    public void EchoesSmallPayload() => Run(async () =>
    {
        var server = StartServer((stream, _) => Echo(stream));
        using var client = await Within(TcpClient.Connect("127.0.0.1", server.BoundPort));
        await Within(client.Write("hello\n"u8.ToArray()));
        var reply = await Within(client.ReadUntil("\n"u8));
        Assert.Equal("hello\n", Encoding.ASCII.GetString(reply));
    });

    // 16 MiB is several times what loopback's socket buffers hold (so both directions fill and drain many times) and
    // a quarter of the former 64 MiB, which a Debug build at nice 19 on a machine at load 35 could not echo within the
    // 20 s hang guard. The guard is 2 minutes here: it bounds a hang, not the machine's speed.
    [Fact]
    public void Echoes16MiBWithChecksumAcrossPartialReads() => Loop.RunSync(async () =>
    {
        const int chunk = 1 << 20;
        const int total = 16 * chunk;
        var server = StartServer((stream, _) => Echo(stream));
        using var client = await Within(TcpClient.Connect("127.0.0.1", server.BoundPort));
        using var sentHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var receivedHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        async Future WriteAll()
        {
            var random = new Random(42);
            var data = new byte[chunk];
            for (int i = 0; i < total / chunk; i++)
            {
                random.NextBytes(data);
                sentHash.AppendData(data);
                await client.Write(data); // done when the kernel has it: at most one chunk queued
            }
        }

        var writing = WriteAll();
        var buffer = new byte[64 * 1024];
        long received = 0;
        int reads = 0;
        while (received < total)
        {
            int n = await Within(client.ReadInto(buffer, partial: true));
            receivedHash.AppendData(buffer, 0, n);
            received += n;
            reads++;
        }
        await Within(writing);
        Assert.Equal(total, received);
        Assert.True(reads >= total / buffer.Length, $"expected at least {total / buffer.Length} reads of at most 64 KiB, got {reads}");
        Assert.Equal(sentHash.GetHashAndReset(), receivedHash.GetHashAndReset());
    }, TimeSpan.FromMinutes(2));

    [Fact]
    public void ReadUntilFindsDelimiterSplitAcrossSegments() => Run(async () =>
    {
        var (stream, raw) = await ConnectRaw();
        using var _ = raw;
        var reading = stream.ReadUntil("\r\n\r\n"u8);
        raw.Send("GET / HTTP/1.1\r\n\r"u8);
        // The first segment has arrived and was not enough.
        await WhenReceived(stream, () => stream.Buffered.Length == 17, "the first segment");
        Assert.False(reading.IsDone);
        raw.Send("\nrest"u8);
        var head = await Within(reading);
        Assert.Equal("GET / HTTP/1.1\r\n\r\n", Encoding.ASCII.GetString(head));
        // What followed the delimiter stays buffered and is served without waiting.
        var rest = stream.ReadBytes(4);
        Assert.True(rest.IsDone);
        Assert.Equal("rest", Encoding.ASCII.GetString(rest.Result));
        stream.Close();
    });

    [Fact]
    public void ReadBytesPartialReturnsWhatHasArrived() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        await Within(client.Write("abc"u8.ToArray()));
        var got = await Within(server.ReadBytes(100, partial: true));
        Assert.Equal("abc", Encoding.ASCII.GetString(got));
        await Within(client.Write("defgh"u8.ToArray()));
        var two = await Within(server.ReadBytes(2, partial: true));
        Assert.Equal("de", Encoding.ASCII.GetString(two));
        var exact = await Within(server.ReadBytes(3));
        Assert.Equal("fgh", Encoding.ASCII.GetString(exact));
        client.Close();
        server.Close();
    });

    [Fact]
    public void ReadIntoFillsTheCallersBuffer() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        var buffer = new byte[10];
        var reading = server.ReadInto(buffer);
        await Within(client.Write("01234"u8.ToArray()));
        await Within(client.Write("56789xyz"u8.ToArray()));
        Assert.Equal(10, await Within(reading));
        Assert.Equal("0123456789", Encoding.ASCII.GetString(buffer));
        var rest = await Within(server.ReadBytes(3));
        Assert.Equal("xyz", Encoding.ASCII.GetString(rest));
        client.Close();
        server.Close();
    });

    [Fact]
    public void ReadUntilRegexMatchesAcrossReads() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        var reading = server.ReadUntilRegex(new Regex("END[0-9]+;"));
        await Within(client.Write("aaa END"u8.ToArray()));
        await Within(client.Write("42; tail"u8.ToArray()));
        Assert.Equal("aaa END42;", Encoding.ASCII.GetString(await Within(reading)));
        client.Close();
        server.Close();
    });

    [Fact]
    public void ReadUntilCloseReturnsEverything() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        var reading = server.ReadUntilClose();
        await Within(client.Write("part one, "u8.ToArray()));
        await Within(client.Write("part two"u8.ToArray()));
        client.Close();
        Assert.Equal("part one, part two", Encoding.ASCII.GetString(await Within(reading)));
        Assert.True(server.Closed);
        Assert.Null(server.Error);
    });

    [Fact]
    public void SecondPendingReadFailsClearly() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        var first = server.ReadBytes(1);
        var e = Assert.Throws<InvalidOperationException>(() => server.ReadBytes(1));
        Assert.Equal("Already reading", e.Message);
        Assert.Throws<InvalidOperationException>(() => server.WaitForData());
        await Within(client.Write("x"u8.ToArray()));
        Assert.Equal("x"u8.ToArray(), await Within(first));
        client.Close();
        server.Close();
    });

    [Fact]
    public void BufferedDataCompletesReadWithoutWaiting() => Run(async () =>
    {
        var (server, client) = await ConnectPair();
        await Within(client.Write("line1\nline2\n"u8.ToArray()));
        Assert.Equal("line1\n", Encoding.ASCII.GetString(await Within(server.ReadUntil("\n"u8))));
        // Once line2 is in the buffer (it came with line1, or the stream read it ahead since), a read of it must not wait.
        await WhenReceived(server, () => server.Buffered.Length == 6, "line2 in the buffer");
        var second = server.ReadUntil("\n"u8);
        Assert.True(second.IsDone, "the second line was already buffered");
        Assert.Equal("line2\n", Encoding.ASCII.GetString(second.Result));
        client.Close();
        server.Close();
    });
}

public sealed class EpollReadTests() : ReadTests(PollerKind.Epoll);

public sealed class PollReadTests() : ReadTests(PollerKind.Poll);
