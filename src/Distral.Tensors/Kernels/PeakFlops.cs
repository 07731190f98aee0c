using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Distral.Tensors.Kernels;

/// <summary>Measures the FP32 multiply-add peak of the current core, the ceiling GEMM figures are compared with.</summary>
public static class PeakFlops
{
    /// <summary>
    /// Single-thread FP32 peak in GFLOP/s (one FMA = 2 FLOP): twelve independent FMA chains in the widest
    /// vectors the JIT offers, so latency never stalls the FMA units; best of 30 short runs.
    /// </summary>
    public static double MeasureSingleThread()
    {
        const long iterations = 1_000_000; // ~1.5 ms: short enough to dodge preemption on a busy machine
        _ = Run(1000); // JIT and warm the clock up
        double best = 0;
        for (int rep = 0; rep < 30; rep++)
        {
            long t0 = Stopwatch.GetTimestamp();
            long flops = Run(iterations);
            double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            best = Math.Max(best, flops / seconds / 1e9);
        }
        return best;
    }

    private static long Run(long iterations)
    {
        if (Avx512F.IsSupported) return Run512(iterations);
        if (Fma.IsSupported) return Run256(iterations);
        return RunScalar(iterations);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static long Run512(long iterations)
    {
        var x = Vector512.Create(1.0000001f);
        var y = Vector512.Create(0.9999999f);
        Vector512<float> a0 = x, a1 = y, a2 = x, a3 = y, a4 = x, a5 = y;
        Vector512<float> a6 = x, a7 = y, a8 = x, a9 = y, a10 = x, a11 = y;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, x, y); a1 = Avx512F.FusedMultiplyAdd(a1, x, y);
            a2 = Avx512F.FusedMultiplyAdd(a2, x, y); a3 = Avx512F.FusedMultiplyAdd(a3, x, y);
            a4 = Avx512F.FusedMultiplyAdd(a4, x, y); a5 = Avx512F.FusedMultiplyAdd(a5, x, y);
            a6 = Avx512F.FusedMultiplyAdd(a6, x, y); a7 = Avx512F.FusedMultiplyAdd(a7, x, y);
            a8 = Avx512F.FusedMultiplyAdd(a8, x, y); a9 = Avx512F.FusedMultiplyAdd(a9, x, y);
            a10 = Avx512F.FusedMultiplyAdd(a10, x, y); a11 = Avx512F.FusedMultiplyAdd(a11, x, y);
        }
        Sink(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
        return iterations * 12 * 16 * 2;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static long Run256(long iterations)
    {
        var x = Vector256.Create(1.0000001f);
        var y = Vector256.Create(0.9999999f);
        Vector256<float> a0 = x, a1 = y, a2 = x, a3 = y, a4 = x, a5 = y;
        Vector256<float> a6 = x, a7 = y, a8 = x, a9 = y, a10 = x, a11 = y;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Fma.MultiplyAdd(a0, x, y); a1 = Fma.MultiplyAdd(a1, x, y);
            a2 = Fma.MultiplyAdd(a2, x, y); a3 = Fma.MultiplyAdd(a3, x, y);
            a4 = Fma.MultiplyAdd(a4, x, y); a5 = Fma.MultiplyAdd(a5, x, y);
            a6 = Fma.MultiplyAdd(a6, x, y); a7 = Fma.MultiplyAdd(a7, x, y);
            a8 = Fma.MultiplyAdd(a8, x, y); a9 = Fma.MultiplyAdd(a9, x, y);
            a10 = Fma.MultiplyAdd(a10, x, y); a11 = Fma.MultiplyAdd(a11, x, y);
        }
        Sink(Vector512.Create(a0 + a1 + a2 + a3 + a4 + a5, a6 + a7 + a8 + a9 + a10 + a11));
        return iterations * 12 * 8 * 2;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long RunScalar(long iterations)
    {
        float a0 = 1, a1 = 1, a2 = 1, a3 = 1, a4 = 1, a5 = 1, a6 = 1, a7 = 1;
        const float x = 1.0000001f, y = 0.9999999f;
        for (long i = 0; i < iterations; i++)
        {
            a0 = a0 * x + y; a1 = a1 * x + y; a2 = a2 * x + y; a3 = a3 * x + y;
            a4 = a4 * x + y; a5 = a5 * x + y; a6 = a6 * x + y; a7 = a7 * x + y;
        }
        Sink(Vector512.Create(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7));
        return iterations * 8 * 2;
    }

    private static float s_sink;

    // Keeps the accumulators observable so the loop cannot be removed.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Sink(Vector512<float> v) => s_sink += v.GetElement(0);
}
