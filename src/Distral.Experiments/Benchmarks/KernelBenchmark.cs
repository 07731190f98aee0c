using Distral.Nn;
using Distral.Tensors;
using Distral.Tensors.Kernels;

namespace Distral.Experiments;

/// <summary>
/// Best-of-N kernel timings (see <see cref="KernelTimings"/>). GEMM: C = A B at the current <see cref="Sgemm.MaxThreads"/>.
/// MLP: 3-64-128-64-4 leaky ReLU, batch 128, forward, sum, backward, zero grads, graph reset (no optimizer step).
/// </summary>
public static class KernelBenchmark
{
    /// <summary>The GEMM shapes measured: the MLP's layers at batch 128, then two square ones.</summary>
    public static IReadOnlyList<(int M, int N, int K)> Shapes { get; } = [(128, 64, 128), (128, 128, 64), (256, 256, 256), (512, 512, 512)];

    /// <summary>What the MLP figure measures, as the JSON report names it.</summary>
    public const string MlpDescription = "3-64-128-64-4 leaky relu, batch 128, forward and backward";

    private static readonly int[] MlpSizes = [3, 64, 128, 64, 4];
    private const int MlpBatch = 128;

    /// <summary>Measures the single-thread FP32 peak, every shape of <see cref="Shapes"/> and the MLP step.</summary>
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
