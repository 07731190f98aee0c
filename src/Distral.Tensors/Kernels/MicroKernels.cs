using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Distral.Tensors.Kernels;

/// <summary>The MR x NR register-tile kernels: C[8 x 32] = alpha * sum_p a[p][:] b[p][:]^T + beta * C.</summary>
internal static unsafe class MicroKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Avx512(int kc, float* a, float* b, nint bStride, float* c, nint ldc, float alpha, float beta)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var av = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(av, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(av, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(av, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(av, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(av, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(av, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(av, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(av, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(av, b1, c71);
            a += Sgemm.MR;
            b += bStride;
        }
        var va = Vector512.Create(alpha);
        if (beta == 0)
        {
            Vector512.Store(c00 * va, c); Vector512.Store(c01 * va, c + 16); c += ldc;
            Vector512.Store(c10 * va, c); Vector512.Store(c11 * va, c + 16); c += ldc;
            Vector512.Store(c20 * va, c); Vector512.Store(c21 * va, c + 16); c += ldc;
            Vector512.Store(c30 * va, c); Vector512.Store(c31 * va, c + 16); c += ldc;
            Vector512.Store(c40 * va, c); Vector512.Store(c41 * va, c + 16); c += ldc;
            Vector512.Store(c50 * va, c); Vector512.Store(c51 * va, c + 16); c += ldc;
            Vector512.Store(c60 * va, c); Vector512.Store(c61 * va, c + 16); c += ldc;
            Vector512.Store(c70 * va, c); Vector512.Store(c71 * va, c + 16);
        }
        else
        {
            var vb = Vector512.Create(beta);
            Update512(c, c00, c01, va, vb); c += ldc;
            Update512(c, c10, c11, va, vb); c += ldc;
            Update512(c, c20, c21, va, vb); c += ldc;
            Update512(c, c30, c31, va, vb); c += ldc;
            Update512(c, c40, c41, va, vb); c += ldc;
            Update512(c, c50, c51, va, vb); c += ldc;
            Update512(c, c60, c61, va, vb); c += ldc;
            Update512(c, c70, c71, va, vb);
        }
    }

    /// <summary>Writes rows [0, mr) x columns [0, nr) of an NR-wide scratch tile into C with masked stores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void StoreEdge512(float* t, float* c, nint ldc, int mr, int nr, float alpha, float beta)
    {
        // Whole-vector reads of the scratch tile (scalar reads right after wide stores stall forwarding).
        var lanes = Vector512.Create(0f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var mask0 = Vector512.LessThan(lanes, Vector512.Create((float)nr));
        var mask1 = Vector512.LessThan(lanes, Vector512.Create((float)(nr - 16)));
        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        for (int r = 0; r < mr; r++, c += ldc, t += Sgemm.NR)
        {
            var x0 = Vector512.Load(t) * va;
            var x1 = Vector512.Load(t + 16) * va;
            if (beta != 0)
            {
                x0 = Avx512F.FusedMultiplyAdd(vb, Avx512F.MaskLoad(c, mask0, Vector512<float>.Zero), x0);
                x1 = Avx512F.FusedMultiplyAdd(vb, Avx512F.MaskLoad(c + 16, mask1, Vector512<float>.Zero), x1);
            }
            Avx512F.MaskStore(c, mask0, x0);
            Avx512F.MaskStore(c + 16, mask1, x1);
        }
    }

    /// <summary>
    /// Writes the transpose of rows [0, mr) x columns [0, nr) of an NR-wide scratch tile: C[j, r] from t[r, j].
    /// Rows are read as whole vectors and split in registers (scalar reads of fresh wide stores stall).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void StoreTransposedEdge512(float* t, float* c, nint ldc, int mr, int nr, float alpha, float beta)
    {
        var va = Vector512.Create(alpha);
        for (int r = 0; r < mr; r++, t += Sgemm.NR)
        {
            var x0 = Vector512.Load(t) * va;
            var x1 = Vector512.Load(t + 16) * va;
            StoreStrided(x0, c + r, ldc, Math.Min(nr, 16), beta);
            if (nr > 16) StoreStrided(x1, c + r + 16 * ldc, ldc, nr - 16, beta);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StoreStrided(Vector512<float> x, float* c, nint ldc, int count, float beta)
    {
        var lo = x.GetLower();
        var hi = x.GetUpper();
        for (int j = 0; j < count; j++, c += ldc)
        {
            var quarter = (j & 8) == 0 ? lo : hi;
            var q = (j & 4) == 0 ? quarter.GetLower() : quarter.GetUpper();
            float v = (j & 3) switch { 0 => q.GetElement(0), 1 => q.GetElement(1), 2 => q.GetElement(2), _ => q.GetElement(3) };
            *c = beta == 0 ? v : MathF.FusedMultiplyAdd(beta, *c, v);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update512(float* c, Vector512<float> x0, Vector512<float> x1, Vector512<float> va, Vector512<float> vb)
    {
        // beta * c + (alpha * acc), one rounding for the add: the scalar edge path does the same.
        Vector512.Store(Avx512F.FusedMultiplyAdd(vb, Vector512.Load(c), x0 * va), c);
        Vector512.Store(Avx512F.FusedMultiplyAdd(vb, Vector512.Load(c + 16), x1 * va), c + 16);
    }

    /// <summary>AVX2 fallback: the 8 x 32 tile as eight 4 x 16 sub-tiles (8 ymm accumulators each).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Avx2(int kc, float* a, float* b, nint bStride, float* c, nint ldc, float alpha, float beta)
    {
        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        for (int r0 = 0; r0 < Sgemm.MR; r0 += 4)
        {
            for (int j0 = 0; j0 < Sgemm.NR; j0 += 16)
            {
                Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
                Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
                float* ap = a + r0;
                float* bp = b + j0;
                for (int p = 0; p < kc; p++)
                {
                    var b0 = Vector256.Load(bp);
                    var b1 = Vector256.Load(bp + 8);
                    var av = Vector256.Create(ap[0]);
                    c00 = Fma.MultiplyAdd(av, b0, c00);
                    c01 = Fma.MultiplyAdd(av, b1, c01);
                    av = Vector256.Create(ap[1]);
                    c10 = Fma.MultiplyAdd(av, b0, c10);
                    c11 = Fma.MultiplyAdd(av, b1, c11);
                    av = Vector256.Create(ap[2]);
                    c20 = Fma.MultiplyAdd(av, b0, c20);
                    c21 = Fma.MultiplyAdd(av, b1, c21);
                    av = Vector256.Create(ap[3]);
                    c30 = Fma.MultiplyAdd(av, b0, c30);
                    c31 = Fma.MultiplyAdd(av, b1, c31);
                    ap += Sgemm.MR;
                    bp += bStride;
                }
                float* cp = c + r0 * ldc + j0;
                Update256(cp, c00, c01, va, vb, beta); cp += ldc;
                Update256(cp, c10, c11, va, vb, beta); cp += ldc;
                Update256(cp, c20, c21, va, vb, beta); cp += ldc;
                Update256(cp, c30, c31, va, vb, beta);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update256(float* c, Vector256<float> x0, Vector256<float> x1, Vector256<float> va, Vector256<float> vb, float beta)
    {
        if (beta == 0)
        {
            Vector256.Store(x0 * va, c);
            Vector256.Store(x1 * va, c + 8);
        }
        else
        {
            Vector256.Store(Fma.MultiplyAdd(vb, Vector256.Load(c), x0 * va), c);
            Vector256.Store(Fma.MultiplyAdd(vb, Vector256.Load(c + 8), x1 * va), c + 8);
        }
    }

    /// <summary>Portable fallback (no SIMD): same packed layout, plain loops.</summary>
    public static void Scalar(int kc, float* a, float* b, nint bStride, float* c, nint ldc, float alpha, float beta)
    {
        float* acc = stackalloc float[Sgemm.MR * Sgemm.NR];
        new Span<float>(acc, Sgemm.MR * Sgemm.NR).Clear();
        for (int p = 0; p < kc; p++)
        {
            float* ap = a + p * Sgemm.MR;
            float* bp = b + p * bStride;
            for (int r = 0; r < Sgemm.MR; r++)
            {
                float av = ap[r];
                float* accRow = acc + r * Sgemm.NR;
                for (int j = 0; j < Sgemm.NR; j++) accRow[j] = MathF.FusedMultiplyAdd(av, bp[j], accRow[j]);
            }
        }
        for (int r = 0; r < Sgemm.MR; r++)
        {
            float* crow = c + r * ldc;
            float* accRow = acc + r * Sgemm.NR;
            for (int j = 0; j < Sgemm.NR; j++)
                crow[j] = beta == 0 ? alpha * accRow[j] : MathF.FusedMultiplyAdd(beta, crow[j], alpha * accRow[j]);
        }
    }
}
