using System.Diagnostics;
using Distral.Nn;
using Distral.Tensors;
using Distral.Tensors.Kernels;

namespace Distral.Cli;

/// <summary>One GEMM shape's best time and throughput.</summary>
internal readonly record struct GemmFigure(int M, int N, int K, double Microseconds, double Gflops, double ShareOfPeak);

/// <summary>Kernel figures of <c>distral bench</c>: FP32 peak, SGEMM at the project's shapes, the MLP step.</summary>
internal readonly record struct KernelFigures(
    double PeakGflops, IReadOnlyList<GemmFigure> Gemm, double MlpMicroseconds, double MlpGflops, double MlpShareOfPeak, long MlpAllocatedBytesPerStep);

/// <summary>
/// Best-of-N timings (best, not mean: on a shared machine the minimum is the least disturbed figure).
/// GEMM: C = A B, no transposes, beta 0, operands in [-1, 1]. MLP: 3-64-128-64-4 leaky ReLU, batch 128,
/// forward, sum, backward, zero grads, graph reset (no optimizer step).
/// </summary>
internal static class BenchKernels
{
    public static readonly (int M, int N, int K)[] Shapes = [(128, 64, 128), (128, 128, 64), (256, 256, 256), (512, 512, 512)];
    private static readonly int[] MlpSizes = [3, 64, 128, 64, 4];
    private const int MlpBatch = 128;

    public static KernelFigures Measure()
    {
        double peak = PeakFlops.MeasureSingleThread();
        var gemm = new List<GemmFigure>();
        foreach (var (m, n, k) in Shapes)
        {
            double us = GemmMicroseconds(m, n, k);
            double gflops = 2.0 * m * n * k / us / 1e3;
            gemm.Add(new GemmFigure(m, n, k, us, gflops, gflops / peak));
        }
        var (mlpUs, mlpAlloc) = MlpMicroseconds();
        double mlpGflops = MlpFlops / mlpUs / 1e3;
        return new KernelFigures(peak, gemm, mlpUs, mlpGflops, mlpGflops / peak, mlpAlloc);
    }

    /// <summary>GEMM FLOP of one forward+backward pass: forward, dW, and dx except for the input layer.</summary>
    public static long MlpFlops
    {
        get
        {
            long flops = 0;
            for (int l = 0; l < MlpSizes.Length - 1; l++)
                flops += 2L * MlpBatch * MlpSizes[l] * MlpSizes[l + 1] * (l == 0 ? 2 : 3);
            return flops;
        }
    }

    private static double GemmMicroseconds(int m, int n, int k)
    {
        var rng = new Rng(7);
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        foreach (ref float v in a.AsSpan()) v = rng.NextFloat(-1, 1);
        foreach (ref float v in b.AsSpan()) v = rng.NextFloat(-1, 1);
        void Once() => Sgemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
        return BestMicroseconds(Once, batches: 30);
    }

    private static (double Microseconds, long AllocatedPerStep) MlpMicroseconds()
    {
        var rng = new Rng(11);
        var mlp = Mlp.Create(MlpSizes, Activation.LeakyRelu, rng);
        var input = new float[MlpBatch * MlpSizes[0]];
        foreach (ref float v in input.AsSpan()) v = rng.NextFloat(-1, 1);
        var parameters = mlp.Parameters();
        var g = new Graph();
        void Step()
        {
            var y = mlp.Forward(g, g.Input(new Shape(MlpBatch, MlpSizes[0]), input));
            g.Backward(g.Sum(y));
            for (int p = 0; p < parameters.Count; p++) parameters[p].ZeroGrad(); // Module.ZeroGrad enumerates (allocates)
            g.Reset();
        }
        for (int i = 0; i < 200; i++) Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) Step();
        long allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        return (BestMicroseconds(Step, batches: 60), allocated);
    }

    /// <summary>Calibrates repetitions to ~2 ms per batch, then returns the best per-call time over the batches.</summary>
    private static double BestMicroseconds(Action work, int batches)
    {
        work();
        long t0 = Stopwatch.GetTimestamp();
        work();
        double once = Math.Max(Stopwatch.GetElapsedTime(t0).TotalSeconds, 1e-7);
        int reps = (int)Math.Clamp(2e-3 / once, 1, 10_000);
        double best = double.MaxValue;
        for (int batch = 0; batch < batches; batch++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int r = 0; r < reps; r++) work();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds / reps);
        }
        return best * 1e6;
    }
}
