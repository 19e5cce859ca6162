namespace Squall.Web.Perf;

/// <summary>
/// The allocation of each piece of an async request, measured on this thread: the handler object (its response
/// headers and buffer come from a pool once warm) and the coroutine of an <c>async Future</c> verb that awaits
/// <see cref="Gen.Moment"/>. Explains the per-request figure of <see cref="AllocationRun"/> for <c>/async</c>.
/// </summary>
internal static class PartsRun
{
    public static void Run()
    {
        for (int i = 0; i < 3; i++) { _ = new AsyncPlaintextHandler(); }
        long a = GC.GetAllocatedBytesForCurrentThread();
        var h = new AsyncPlaintextHandler();
        long b = GC.GetAllocatedBytesForCurrentThread();
        Console.WriteLine($"handler object: {b - a} B");
        GC.KeepAlive(h);
        var loop = new IOLoop();
        loop.MakeCurrent();
        loop.RunSync(async () =>
        {
            for (int i = 0; i < 3; i++) await Co();
            long c = GC.GetAllocatedBytesForCurrentThread();
            var f = Co();
            long d = GC.GetAllocatedBytesForCurrentThread();
            Console.WriteLine($"async Future verb awaiting Gen.Moment: {d - c} B");
            await f;
        });
    }

    private static async Future Co()
    {
        await Gen.Moment;
    }
}
