using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Distral.Tensors.Kernels;

/// <summary>
/// GEMM for a handful of rows without packing: each row of C is a vector-matrix product, done as FMAs
/// across B's rows (op(B) = B) or as dot products with B's rows (op(B) = B^T). Never split across threads.
/// </summary>
internal static unsafe class SmallRows
{
    public const int MaxRows = 4;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        float* row = transA ? PackBuffers.ForThisThread.A(k) : null;
        for (int i = 0; i < m; i++)
        {
            float* ai = a + (long)i * lda;
            if (transA)
            {
                // op(A)'s row i is column i of A: gather it once so the loops below read it contiguously.
                for (int p = 0; p < k; p++) row[p] = a[(long)p * lda + i];
                ai = row;
            }
            float* ci = c + (long)i * ldc;
            if (transB) RowTimesTransposed(ai, n, k, b, ldb, alpha, beta, ci);
            else RowTimesMatrix(ai, n, k, b, ldb, alpha, beta, ci);
        }
    }

    /// <summary>ci = alpha * ai B + beta * ci, B being k x n: four independent 16-column FMA chains at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowTimesMatrix(float* ai, int n, int k, float* b, int ldb, float alpha, float beta, float* ci)
    {
        int j = 0;
        for (; j + 64 <= n; j += 64)
        {
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
            float* bp = b + j;
            for (int p = 0; p < k; p++, bp += ldb)
            {
                var av = Vector512.Create(ai[p]);
                s0 = Avx512F.FusedMultiplyAdd(av, Vector512.Load(bp), s0);
                s1 = Avx512F.FusedMultiplyAdd(av, Vector512.Load(bp + 16), s1);
                s2 = Avx512F.FusedMultiplyAdd(av, Vector512.Load(bp + 32), s2);
                s3 = Avx512F.FusedMultiplyAdd(av, Vector512.Load(bp + 48), s3);
            }
            var all = Vector512<float>.AllBitsSet;
            Finish(s0, ci + j, all, alpha, beta);
            Finish(s1, ci + j + 16, all, alpha, beta);
            Finish(s2, ci + j + 32, all, alpha, beta);
            Finish(s3, ci + j + 48, all, alpha, beta);
        }
        for (; j < n; j += 16)
        {
            var mask = ColumnMask(n - j);
            Vector512<float> s0 = default;
            float* bp = b + j;
            for (int p = 0; p < k; p++, bp += ldb)
                s0 = Avx512F.FusedMultiplyAdd(Vector512.Create(ai[p]), Avx512F.MaskLoad(bp, mask, Vector512<float>.Zero), s0);
            Finish(s0, ci + j, mask, alpha, beta);
        }
    }

    /// <summary>ci[j] = alpha * dot(ai, B row j) + beta * ci[j], B being n x k: four rows of B share each load of ai.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowTimesTransposed(float* ai, int n, int k, float* b, int ldb, float alpha, float beta, float* ci)
    {
        int j = 0;
        for (; j + 4 <= n; j += 4)
        {
            float* b0 = b + (long)j * ldb;
            float* b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (int p = 0; p < k; p += 16)
            {
                var mask = ColumnMask(k - p);
                var av = Avx512F.MaskLoad(ai + p, mask, Vector512<float>.Zero);
                s0 = Avx512F.FusedMultiplyAdd(av, Avx512F.MaskLoad(b0 + p, mask, Vector512<float>.Zero), s0);
                s1 = Avx512F.FusedMultiplyAdd(av, Avx512F.MaskLoad(b1 + p, mask, Vector512<float>.Zero), s1);
                s2 = Avx512F.FusedMultiplyAdd(av, Avx512F.MaskLoad(b2 + p, mask, Vector512<float>.Zero), s2);
                s3 = Avx512F.FusedMultiplyAdd(av, Avx512F.MaskLoad(b3 + p, mask, Vector512<float>.Zero), s3);
            }
            Store(ci + j, Vector512.Sum(s0), alpha, beta);
            Store(ci + j + 1, Vector512.Sum(s1), alpha, beta);
            Store(ci + j + 2, Vector512.Sum(s2), alpha, beta);
            Store(ci + j + 3, Vector512.Sum(s3), alpha, beta);
        }
        for (; j < n; j++)
        {
            float* bj = b + (long)j * ldb;
            Vector512<float> s0 = default;
            for (int p = 0; p < k; p += 16)
            {
                var mask = ColumnMask(k - p);
                s0 = Avx512F.FusedMultiplyAdd(Avx512F.MaskLoad(ai + p, mask, Vector512<float>.Zero),
                    Avx512F.MaskLoad(bj + p, mask, Vector512<float>.Zero), s0);
            }
            Store(ci + j, Vector512.Sum(s0), alpha, beta);
        }
    }

    /// <summary>Lanes [0, min(count, 16)) set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ColumnMask(int count) =>
        Vector512.LessThan(Vector512.Create(0f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create((float)Math.Min(count, 16)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(Vector512<float> sum, float* c, Vector512<float> mask, float alpha, float beta)
    {
        var v = sum * Vector512.Create(alpha);
        if (beta != 0) v = Avx512F.FusedMultiplyAdd(Vector512.Create(beta), Avx512F.MaskLoad(c, mask, Vector512<float>.Zero), v);
        Avx512F.MaskStore(c, mask, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, float sum, float alpha, float beta) =>
        *c = beta == 0 ? alpha * sum : MathF.FusedMultiplyAdd(beta, *c, alpha * sum);
}
