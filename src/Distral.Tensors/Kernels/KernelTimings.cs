using System.Diagnostics;

namespace Distral.Tensors.Kernels;

/// <summary>
/// The kernel measurements shared by <c>distral bench</c> and the quick benchmark. Best-of-N, not the mean:
/// on a shared machine the minimum is the least disturbed figure.
/// </summary>
public static class KernelTimings
{
    /// <summary>
    /// Best per-call time of <paramref name="work"/> in seconds: repetitions calibrated so one timed batch lasts
    /// ~2 ms, then the best per-call time over <paramref name="batches"/> batches.
    /// </summary>
    public static double BestSeconds(Action work, int batches)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
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
        return best;
    }

    /// <summary>
    /// Best time in seconds of one C = A B (m x k times k x n, no transposes, beta 0, operands uniform in [-1, 1])
    /// with <paramref name="threads"/> SGEMM threads; <see cref="Sgemm.MaxThreads"/> is restored afterwards.
    /// </summary>
    public static double BestGemmSeconds(int m, int n, int k, int threads, int batches = 30)
    {
        var rng = new Rng(7);
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        foreach (ref float v in a.AsSpan()) v = rng.NextFloat(-1, 1);
        foreach (ref float v in b.AsSpan()) v = rng.NextFloat(-1, 1);
        int saved = Sgemm.MaxThreads;
        Sgemm.MaxThreads = threads;
        try
        {
            return BestSeconds(() => Sgemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n), batches);
        }
        finally
        {
            Sgemm.MaxThreads = saved;
        }
    }

    /// <summary>GFLOP/s of an m x n x k GEMM (2 m n k FLOP) that takes <paramref name="seconds"/>.</summary>
    public static double GemmGflops(int m, int n, int k, double seconds) => 2.0 * m * n * k / seconds / 1e9;

    /// <summary>
    /// GEMM FLOP of one forward+backward pass of a fully connected net with layer widths <paramref name="sizes"/>
    /// at batch <paramref name="batch"/>: forward, dW, and dx except for the input layer.
    /// </summary>
    public static long MlpGemmFlops(ReadOnlySpan<int> sizes, int batch)
    {
        long flops = 0;
        for (int l = 0; l < sizes.Length - 1; l++)
            flops += 2L * batch * sizes[l] * sizes[l + 1] * (l == 0 ? 2 : 3);
        return flops;
    }

    /// <summary>
    /// Times a training step: 200 warm-up calls, the bytes allocated on this thread per call (mean of 100), then the
    /// best per-call seconds as <see cref="BestSeconds"/> over <paramref name="batches"/> batches.
    /// </summary>
    public static (double Seconds, double AllocatedBytesPerCall) MeasureStep(Action step, int batches = 60)
    {
        ArgumentNullException.ThrowIfNull(step);
        for (int i = 0; i < 200; i++) step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) step();
        double allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / 100.0;
        return (BestSeconds(step, batches), allocated);
    }
}
