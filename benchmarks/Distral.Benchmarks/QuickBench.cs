using System.Diagnostics;
using System.Globalization;
using Distral.Tensors;
using Distral.Tensors.Kernels;

namespace Distral.Benchmarks;

/// <summary>A fast best-of-N measurement (no BenchmarkDotNet) so the numbers can be re-taken in seconds.</summary>
public static class QuickBench
{
    private static readonly string[] Shapes = ["128x64x128", "128x128x64", "256x256x256", "512x512x512"];

    /// <summary>Parses "m x n x k" written as e.g. "128x64x128".</summary>
    public static (int M, int N, int K) ParseShape(string shape)
    {
        var p = shape.Split('x');
        return (int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture),
            int.Parse(p[2], CultureInfo.InvariantCulture));
    }

    /// <summary>Measures and prints everything.</summary>
    public static void Run(TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        double peak = PeakFlops.MeasureSingleThread();
        output.WriteLine(string.Format(inv, "FP32 peak, one core: {0:F1} GFLOP/s ({1})", peak, Kernels()));
        foreach (int threads in new[] { 1, 2 })
        {
            Sgemm.MaxThreads = threads;
            foreach (var shape in Shapes)
            {
                var (m, n, k) = ParseShape(shape);
                double seconds = BestGemmSeconds(m, n, k);
                double gflops = 2.0 * m * n * k / seconds / 1e9;
                output.WriteLine(string.Format(inv, "SGEMM {0,-12} threads={1}  {2,9:F2} us  {3,7:F1} GFLOP/s  {4,5:F1}% of 1-core peak",
                    shape, threads, seconds * 1e6, gflops, 100 * gflops / peak));
            }
        }
        Sgemm.MaxThreads = 1;

        var step = new MlpStep();
        for (int i = 0; i < 200; i++) step.Run();
        double bestStep = double.MaxValue;
        for (int rep = 0; rep < 300; rep++)
        {
            const int steps = 10; // short batches: best-of-many filters out preemption on a busy machine
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < steps; i++) step.Run();
            bestStep = Math.Min(bestStep, Stopwatch.GetElapsedTime(t0).TotalSeconds / steps);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) step.Run();
        double allocPerStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 100.0;
        output.WriteLine(string.Format(inv, "MLP 3-64-128-64-4 batch 128 step: {0:F1} us ({1:F1} GFLOP/s in its GEMMs), {2} bytes allocated/step",
            bestStep * 1e6, MlpStep.Flops / bestStep / 1e9, allocPerStep));
    }

    private static string Kernels() =>
        System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "AVX-512"
        : System.Runtime.Intrinsics.X86.Fma.IsSupported ? "AVX2/FMA" : "scalar";

    private static double BestGemmSeconds(int m, int n, int k)
    {
        var rng = new Rng(5);
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        foreach (ref float v in a.AsSpan()) v = rng.NextFloat(-1, 1);
        foreach (ref float v in b.AsSpan()) v = rng.NextFloat(-1, 1);
        // Repeat so one timed batch lasts ~2 ms, then keep the best of many batches (the box is shared).
        int reps = (int)Math.Clamp(2e6 / (2.0 * m * n * k / 50e9 * 1e9), 1, 10_000);
        for (int i = 0; i < reps * 5; i++) Sgemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
        double best = double.MaxValue;
        for (int batch = 0; batch < 60; batch++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < reps; i++) Sgemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
            best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalSeconds / reps);
        }
        return best;
    }
}
