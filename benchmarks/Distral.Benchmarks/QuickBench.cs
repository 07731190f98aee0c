using System.Globalization;
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
            foreach (var shape in Shapes)
            {
                var (m, n, k) = ParseShape(shape);
                double seconds = KernelTimings.BestGemmSeconds(m, n, k, threads, batches: 60);
                double gflops = KernelTimings.GemmGflops(m, n, k, seconds);
                output.WriteLine(string.Format(inv, "SGEMM {0,-12} threads={1}  {2,9:F2} us  {3,7:F1} GFLOP/s  {4,5:F1}% of 1-core peak",
                    shape, threads, seconds * 1e6, gflops, 100 * gflops / peak));
            }
        }

        var step = new MlpStep();
        var (bestStep, allocPerStep) = KernelTimings.MeasureStep(() => step.Run(), batches: 100);
        output.WriteLine(string.Format(inv, "MLP 3-64-128-64-4 batch 128 step: {0:F1} us ({1:F1} GFLOP/s in its GEMMs), {2} bytes allocated/step",
            bestStep * 1e6, MlpStep.Flops / bestStep / 1e9, allocPerStep));
    }

    private static string Kernels() =>
        System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? "AVX-512"
        : System.Runtime.Intrinsics.X86.Fma.IsSupported ? "AVX2/FMA" : "scalar";
}
