namespace Squall.WebSocket.Tests;

/// <summary>
/// Receiving allocates the delivered message and nothing else per frame (not a timing test: bytes allocated on the
/// server's loop thread, counted by the runtime).
/// </summary>
public sealed class AllocationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public void A_received_message_costs_its_own_bytes_and_object_only()
    {
        const int Messages = 2000;
        const int Payload = 64;
        using var ws = new RawWebSocket(fixture.Port);
        Assert.Equal(101, ws.Handshake("/sink"));
        // Warm the path with the same burst first (JIT, and the pooled read buffers a 140 KB burst needs).
        var batch = Enumerable.Range(0, Messages).SelectMany(_ => RawWebSocket.Frame(2, new byte[Payload])).ToArray();
        fixture.Server.Invoke(() => { SinkSocket.Count = 0; SinkSocket.Target = Messages; SinkSocket.Reached = new(TaskCreationOptions.RunContinuationsAsynchronously); return 0; });
        ws.Send(batch);
        Assert.True(SinkSocket.Reached.Task.Wait(TimeSpan.FromSeconds(30)));

        fixture.Server.Invoke(() => { SinkSocket.Count = 0; SinkSocket.Target = Messages; SinkSocket.Reached = new(TaskCreationOptions.RunContinuationsAsynchronously); return 0; });
        long before = fixture.Server.Invoke(() => GC.GetAllocatedBytesForCurrentThread());
        ws.Send(batch);
        Assert.True(SinkSocket.Reached.Task.Wait(TimeSpan.FromSeconds(30)));
        long after = fixture.Server.Invoke(() => GC.GetAllocatedBytesForCurrentThread());
        double perMessage = (after - before) / (double)Messages;
        // The message's array (64 B + 24 B header) and the WebSocketMessage object (~40 B): about 130 B. The bound
        // leaves room for the few loop callbacks of this measurement, not for a per-frame allocation of the parser.
        Assert.True(perMessage < 200, $"{perMessage:F0} B allocated per received message");
    }
}
