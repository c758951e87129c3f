using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Orchestrator.Benchmarks.SchedulerBenchmark).Assembly).Run(args);
