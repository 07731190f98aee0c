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
/// Best-of-N timings (see <see cref="KernelTimings"/>). GEMM: C = A B at the current <see cref="Sgemm.MaxThreads"/>.
/// MLP: 3-64-128-64-4 leaky ReLU, batch 128, forward, sum, backward, zero grads, graph reset (no optimizer step).
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
            double seconds = KernelTimings.BestGemmSeconds(m, n, k, Sgemm.MaxThreads, batches: 30);
            double gflops = KernelTimings.GemmGflops(m, n, k, seconds);
            gemm.Add(new GemmFigure(m, n, k, seconds * 1e6, gflops, gflops / peak));
        }
        var (mlpSeconds, mlpAlloc) = KernelTimings.MeasureStep(MlpStep(), batches: 60);
        double mlpGflops = MlpFlops / mlpSeconds / 1e9;
        return new KernelFigures(peak, gemm, mlpSeconds * 1e6, mlpGflops, mlpGflops / peak, (long)mlpAlloc);
    }

    /// <summary>GEMM FLOP of one forward+backward pass of the MLP.</summary>
    public static long MlpFlops => KernelTimings.MlpGemmFlops(MlpSizes, MlpBatch);

    private static Action MlpStep()
    {
        var rng = new Rng(11);
        var mlp = Mlp.Create(MlpSizes, Activation.LeakyRelu, rng);
        var input = new float[MlpBatch * MlpSizes[0]];
        foreach (ref float v in input.AsSpan()) v = rng.NextFloat(-1, 1);
        var parameters = mlp.Parameters();
        var g = new Graph();
        return () =>
        {
            var y = mlp.Forward(g, g.Input(new Shape(MlpBatch, MlpSizes[0]), input));
            g.Backward(g.Sum(y));
            for (int p = 0; p < parameters.Count; p++) parameters[p].ZeroGrad(); // Module.ZeroGrad enumerates (allocates)
            g.Reset();
        };
    }
}
