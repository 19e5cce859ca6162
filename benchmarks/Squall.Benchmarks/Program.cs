using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Squall.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Squall.Benchmarks.CallbackBenchmarks).Assembly).Run(args);
