using SharpFuzz;
using Squall.Fuzz;

// Usage:
//   Squall.Fuzz <target>                  under afl-fuzz: the persistent fuzzing loop (input on stdin)
//   Squall.Fuzz <target> --replay PATH... run each file (or every file in each directory) once; exit 1 on a failure
//   Squall.Fuzz --list                    the target names
if (args.Length == 1 && args[0] == "--list")
{
    foreach (var name in FuzzTargets.All.Keys) Console.WriteLine(name);
    return 0;
}
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine("usage: Squall.Fuzz <target> [--replay PATH...]; targets: " + string.Join(", ", FuzzTargets.All.Keys));
    return 2;
}
if (args.Length > 1 && args[1] == "--replay")
{
    return Replay.Run(target, args[2..]);
}
Fuzzer.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    target(copy.GetBuffer().AsSpan(0, (int)copy.Length));
});
return 0;
