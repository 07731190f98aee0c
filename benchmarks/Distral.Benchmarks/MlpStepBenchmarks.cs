using BenchmarkDotNet.Attributes;

namespace Distral.Benchmarks;

/// <summary>One forward+backward+SGD step of the 3-64-128-64-4 MLP at batch 128; should allocate nothing.</summary>
[MemoryDiagnoser]
public class MlpStepBenchmarks
{
    private readonly MlpStep _step = new();

    [Benchmark]
    public float Step() => _step.Run();
}
