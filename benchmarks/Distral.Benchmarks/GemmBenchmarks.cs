using BenchmarkDotNet.Attributes;
using Distral.Tensors;
using Distral.Tensors.Kernels;

namespace Distral.Benchmarks;

/// <summary>SGEMM C = A B (no transposes) at the MLP's shapes and two square ones. GFLOP/s = 2mnk / time.</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];

    /// <summary>m x n x k.</summary>
    [Params("128x64x128", "128x128x64", "256x256x256", "512x512x512")]
    public string Shape { get; set; } = "128x64x128";

    private int _m, _n, _k;

    [GlobalSetup]
    public void Setup()
    {
        (_m, _n, _k) = QuickBench.ParseShape(Shape);
        var rng = new Rng(3);
        _a = new float[_m * _k];
        _b = new float[_k * _n];
        _c = new float[_m * _n];
        foreach (ref float v in _a.AsSpan()) v = rng.NextFloat(-1, 1);
        foreach (ref float v in _b.AsSpan()) v = rng.NextFloat(-1, 1);
    }

    [Benchmark]
    public void Multiply() => Sgemm.Multiply(false, false, _m, _n, _k, 1f, _a, _k, _b, _n, 0f, _c, _n);
}
