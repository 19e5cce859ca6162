using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Squall.Analyzers.Infrastructure;

/// <summary>
/// The known blocking APIs (issue 6, SQ1001), in the spirit of vs-threading's VSTHRD103 table: each row names a
/// member, the rewrite the code fix can do, and the hint the message gives. Resolved to symbols once per compilation.
/// </summary>
internal sealed class BlockingApiTable
{
    private const string Executor = "move it off the loop with 'await IOLoop.Current.RunInExecutor(() => ...)'";
    private const string AwaitIt = "await it instead";

    private static readonly BlockingApi[] s_rows =
    {
        new("System.Threading.Thread", "Sleep", BlockingFix.Sleep, "use 'await Gen.Sleep(...)' instead", offerExecutor: false),
        new("System.Threading.Thread", "Join", BlockingFix.None, Executor),
        new("System.Threading.Tasks.Task", "Wait", BlockingFix.Await, AwaitIt),
        new("System.Threading.Tasks.Task", "WaitAll", BlockingFix.None, "use 'await Task.WhenAll(...)' instead"),
        new("System.Threading.Tasks.Task", "WaitAny", BlockingFix.None, "use 'await Task.WhenAny(...)' instead"),
        new("System.Threading.Tasks.Task`1", "Result", BlockingFix.Await, AwaitIt),
        new("System.Threading.Tasks.ValueTask`1", "Result", BlockingFix.Await, AwaitIt),
        new("System.Runtime.CompilerServices.TaskAwaiter", "GetResult", BlockingFix.Await, AwaitIt),
        new("System.Runtime.CompilerServices.TaskAwaiter`1", "GetResult", BlockingFix.Await, AwaitIt),
        new("System.Runtime.CompilerServices.ValueTaskAwaiter", "GetResult", BlockingFix.Await, AwaitIt),
        new("System.Runtime.CompilerServices.ValueTaskAwaiter`1", "GetResult", BlockingFix.Await, AwaitIt),
        new("System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter", "GetResult", BlockingFix.None, AwaitIt),
        new("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter", "GetResult", BlockingFix.None, AwaitIt),
        // A future's awaiter throws when the future is pending: on the loop it can never have completed meanwhile.
        new("Squall.Future+Awaiter", "GetResult", BlockingFix.Await, AwaitIt, offerExecutor: false),
        new("Squall.Future`1+Awaiter", "GetResult", BlockingFix.Await, AwaitIt, offerExecutor: false),
        new("System.Threading.WaitHandle", "WaitOne", BlockingFix.None, Executor),
        new("System.Threading.WaitHandle", "WaitAll", BlockingFix.None, Executor),
        new("System.Threading.WaitHandle", "WaitAny", BlockingFix.None, Executor),
        new("System.Threading.Monitor", "Enter", BlockingFix.None, "use Squall's awaitable 'AsyncLock' instead", offerExecutor: false),
        new("System.Threading.Monitor", "Wait", BlockingFix.None, "use Squall's awaitable 'Condition' instead", offerExecutor: false),
        new("System.Threading.SemaphoreSlim", "Wait", BlockingFix.AsyncAlternative, "use 'await WaitAsync(...)' instead", "WaitAsync"),
        new("System.Threading.ManualResetEventSlim", "Wait", BlockingFix.None, "use Squall's awaitable 'AsyncEvent' instead"),
        new("System.Threading.CountdownEvent", "Wait", BlockingFix.None, Executor),
        new("System.Threading.Barrier", "SignalAndWait", BlockingFix.None, Executor),
        new("System.Threading.SpinWait", "SpinUntil", BlockingFix.None, Executor),
        new("System.Diagnostics.Process", "WaitForExit", BlockingFix.AsyncAlternative, "use 'await WaitForExitAsync()' instead", "WaitForExitAsync"),
        new("System.Console", "ReadLine", BlockingFix.None, Executor),
        new("System.Console", "Read", BlockingFix.None, Executor),
        new("System.Console", "ReadKey", BlockingFix.None, Executor),
        new("System.Net.Dns", "GetHostEntry", BlockingFix.AsyncAlternative, "use 'await Dns.GetHostEntryAsync(...)' instead", "GetHostEntryAsync"),
        new("System.Net.Dns", "GetHostAddresses", BlockingFix.AsyncAlternative, "use 'await Dns.GetHostAddressesAsync(...)' instead", "GetHostAddressesAsync"),
        File("ReadAllText"), File("ReadAllBytes"), File("ReadAllLines"),
        File("WriteAllText"), File("WriteAllBytes"), File("WriteAllLines"),
        File("AppendAllText"), File("AppendAllLines"),
        new("System.IO.File", "ReadLines", BlockingFix.None, "use 'File.ReadLinesAsync(...)' with 'await foreach' instead"),
        Stream("Read"), Stream("Write"), Stream("CopyTo"), Stream("Flush"),
        new("System.IO.Stream", "ReadByte", BlockingFix.None, Executor),
        new("System.IO.Stream", "WriteByte", BlockingFix.None, Executor),
        new("System.IO.StreamReader", "ReadToEnd", BlockingFix.AsyncAlternative, "use 'await ReadToEndAsync()' instead", "ReadToEndAsync"),
        new("System.IO.StreamReader", "ReadLine", BlockingFix.AsyncAlternative, "use 'await ReadLineAsync()' instead", "ReadLineAsync"),
        Socket("Connect"), Socket("Accept"), Socket("Receive"), Socket("Send"),
        new("System.Net.Sockets.TcpClient", "Connect", BlockingFix.AsyncAlternative, "use 'await ConnectAsync(...)' instead", "ConnectAsync"),
        new("System.Net.Http.HttpClient", "Send", BlockingFix.AsyncAlternative, "use 'await SendAsync(...)' instead", "SendAsync"),
        WebClient("DownloadString"), WebClient("DownloadData"), WebClient("DownloadFile"),
        WebClient("UploadString"), WebClient("UploadData"), WebClient("UploadFile"), WebClient("UploadValues"),
        WebClient("OpenRead"), WebClient("OpenWrite"),
        // RunSync starts the loop it is called from: on the loop's own thread that is a re-entrant start.
        new("Squall.IOLoop", "RunSync", BlockingFix.None, "await the coroutine instead", offerExecutor: false),
    };

    private readonly Dictionary<INamedTypeSymbol, Dictionary<string, BlockingApi>> _byType;

    private BlockingApiTable(Dictionary<INamedTypeSymbol, Dictionary<string, BlockingApi>> byType) => _byType = byType;

    public static BlockingApiTable Resolve(Compilation compilation)
    {
        var byType = new Dictionary<INamedTypeSymbol, Dictionary<string, BlockingApi>>(SymbolEqualityComparer.Default);
        foreach (var row in s_rows)
        {
            var type = compilation.GetTypeByMetadataName(row.TypeMetadataName);
            if (type is null) continue;
            if (!byType.TryGetValue(type, out var members))
            {
                members = new Dictionary<string, BlockingApi>(StringComparer.Ordinal);
                byType.Add(type, members);
            }
            members[row.Member] = row;
        }
        return new BlockingApiTable(byType);
    }

    /// <summary>Finds the row for a method or property, following overrides up to the declaring base type.</summary>
    public BlockingApi? Find(ISymbol member)
    {
        for (var current = member; current is not null; current = Overridden(current))
        {
            if (current.ContainingType is { } type
                && _byType.TryGetValue(type.OriginalDefinition, out var members)
                && members.TryGetValue(current.Name, out var row))
            {
                return row;
            }
        }
        return null;
    }

    private static ISymbol? Overridden(ISymbol symbol) => symbol switch
    {
        IMethodSymbol m => m.OverriddenMethod,
        IPropertySymbol p => p.OverriddenProperty,
        _ => null,
    };

    private static BlockingApi File(string name) =>
        new("System.IO.File", name, BlockingFix.AsyncAlternative, "use 'await File." + name + "Async(...)' instead", name + "Async");

    private static BlockingApi Stream(string name) =>
        new("System.IO.Stream", name, BlockingFix.AsyncAlternative, "use 'await " + name + "Async(...)' instead", name + "Async");

    private static BlockingApi Socket(string name) =>
        new("System.Net.Sockets.Socket", name, BlockingFix.AsyncAlternative, "use 'await " + name + "Async(...)' instead", name + "Async");

    private static BlockingApi WebClient(string name) =>
        new("System.Net.WebClient", name, BlockingFix.None, "use 'HttpClient' or Squall's 'AsyncHttpClient' instead");
}
