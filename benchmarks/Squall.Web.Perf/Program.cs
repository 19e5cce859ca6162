namespace Squall.Web.Perf;

/// <summary>
/// Web-layer figures for the performance table. Run on a quiet machine:
/// <c>dotnet run -c Release --project benchmarks/Squall.Web.Perf -- all</c>; <c>--smoke</c> runs tiny counts to prove it works;
/// <c>parts</c> prints what the pieces of an async request allocate (handler object, verb coroutine).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        bool smoke = args.Contains("--smoke");
        string mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
        int requests = smoke ? 2_000 : 100_000;
        int handlers = smoke ? 50 : 1_000;
        if (mode == "parts") { PartsRun.Run(); return 0; }
        if (mode is "alloc" or "all")
        {
            AllocationRun.Run("/plaintext", requests);
            AllocationRun.Run("/async", requests);
        }
        if (mode is "generator" or "all") GeneratorRun.Run(handlers);
        if (mode is not ("alloc" or "generator" or "all"))
        {
            Console.Error.WriteLine("usage: Squall.Web.Perf [alloc|generator|all|parts] [--smoke]");
            return 2;
        }
        return 0;
    }
}
