using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Distral.Tensors.Kernels;

/// <summary>
/// Single-precision GEMM, row-major: C = alpha * op(A) * op(B) + beta * C, where op(X) is X or X^T.
/// op(A) is m x k, op(B) is k x n, C is m x n; lda/ldb/ldc are the row strides of the stored matrices.
/// Every matmul, linear layer and convolution goes through here.
/// </summary>
/// <remarks>
/// BLIS-style: op(B) is packed into NR-column strips and op(A) into MR-row strips per (KC, MC, NC) cache
/// block, and an MR x NR register tile is accumulated with FMAs. Every C element is computed by the same
/// FMA sequence (k in order, one C update per KC block) whatever the tile position or thread split, so
/// results do not depend on <see cref="MaxThreads"/>.
/// </remarks>
public static unsafe class Sgemm
{
    internal const int MR = 8;     // rows of the register tile (8 x 2 zmm accumulators)
    internal const int NR = 32;    // columns of the register tile (two Vector512)
    internal const int KC = 256;   // depth of a packed block: one B strip (KC x NR) = 32 KiB, fits L1
    internal const int MC = 128;   // rows of a packed A block (MC x KC = 128 KiB, stays in L2)
    internal const int NC = 2048;  // columns of a packed B block

    // Below this many multiply-adds the hand-off to the worker costs more than it saves.
    private const long ParallelThreshold = 1L << 21;

    private static int s_maxThreads = 1;

    /// <summary>Threads one call may use (1 or 2). Results are bit-identical for any value.</summary>
    public static int MaxThreads
    {
        get => s_maxThreads;
        set => s_maxThreads = value is >= 1 and <= 2
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Sgemm.MaxThreads must be 1 or 2.");
    }

    /// <summary>The micro-kernel in use; tests force the fallbacks through it.</summary>
    internal static SgemmKernelKind KernelKind { get; set; } = DetectKernel();

    private static SgemmKernelKind DetectKernel() =>
        Avx512F.IsSupported ? SgemmKernelKind.Avx512
        : Fma.IsSupported && Avx.IsSupported ? SgemmKernelKind.Avx2
        : SgemmKernelKind.Scalar;

    /// <summary>C = alpha * op(A) * op(B) + beta * C (row-major; beta = 0 ignores C's old contents, NaNs included).</summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException($"Sgemm sizes must be non-negative: m={m}, n={n}, k={k}.");
        if (m == 0 || n == 0) return;
        CheckExtent(c.Length, m, n, ldc, "C");
        if (k == 0 || alpha == 0)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }
        CheckExtent(a.Length, transA ? k : m, transA ? m : k, lda, "A");
        CheckExtent(b.Length, transB ? n : k, transB ? k : n, ldb, "B");

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            // A few rows (acting on one observation): packing would cost more than the multiply itself.
            if (m <= SmallRows.MaxRows && KernelKind == SgemmKernelKind.Avx512)
            {
                SmallRows.Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                return;
            }
            // A narrow C (n of 3 or 4, as in the MLP's input and output layers) would fill an eighth of each
            // 32-column tile; computing C^T = op(B)^T op(A)^T instead fills whole rows of the 8-row tiles.
            var job = n < NR / 2 && m >= NR
                ? new GemmJob(!transB, !transA, n, m, k, alpha, pb, ldb, pa, lda, beta, pc, ldc, KernelKind, transC: true)
                : new GemmJob(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, KernelKind);
            if (s_maxThreads > 1 && (long)m * n * k >= ParallelThreshold && SgemmWorker.TryRunSplit(in job))
                return;
            job.Run(0, job.M, 0, job.N);
        }
    }

    /// <summary>The obvious triple loop (double accumulation): the yardstick the fast kernel is tested against.</summary>
    public static void Reference(bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[p * lda + i] : a[i * lda + p];
                    float bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    s += (double)av * bv;
                }
                float prev = beta == 0 ? 0 : beta * c[i * ldc + j];
                c[i * ldc + j] = (float)(alpha * s) + prev;
            }
        }
    }

    private static void CheckExtent(int length, int rows, int cols, int ld, string name)
    {
        if (ld < cols)
            throw new ArgumentException($"Sgemm: ld{name.ToLowerInvariant()}={ld} is less than the {cols} columns of {name}.");
        if ((long)(rows - 1) * ld + cols > length)
            throw new ArgumentException($"Sgemm: {name} needs {(long)(rows - 1) * ld + cols} elements ({rows}x{cols}, ld {ld}) but has {length}.");
    }

    private static void ScaleC(int m, int n, float beta, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0) row.Clear();
            else if (beta != 1) for (int j = 0; j < n; j++) row[j] *= beta;
        }
    }
}

internal enum SgemmKernelKind
{
    Scalar,
    Avx2,
    Avx512,
}

/// <summary>One multiply's arguments as raw pointers, so the worker thread can run part of it.</summary>
/// <remarks>With transC the job computes C' = op(A) op(B) into C' = C^T (see <see cref="Sgemm.Multiply"/>).</remarks>
internal readonly unsafe struct GemmJob(bool transA, bool transB, int m, int n, int k, float alpha,
    float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, SgemmKernelKind kind, bool transC = false)
{
    public readonly int M = m, N = n;

    // A small untransposed B is read in place by the kernel (full strips only), saving the copy. Large ones
    // are packed: rows a power-of-two stride apart would crowd a few L1 sets (measured: -4% at 512^3).
    private readonly bool _directB = !transB && (long)k * ldb <= DirectBMaxFloats;
    private const long DirectBMaxFloats = 64 * 1024;

    /// <summary>Computes the C block rows [i0, i1) x columns [j0, j1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: skip tier-0
    public void Run(int i0, int i1, int j0, int j1)
    {
        var buffers = PackBuffers.ForThisThread;
        const int MR = Sgemm.MR, NR = Sgemm.NR;
        for (int jc = j0; jc < j1; jc += Sgemm.NC)
        {
            int nc = Math.Min(Sgemm.NC, j1 - jc);
            int ncStrips = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += Sgemm.KC)
            {
                int kc = Math.Min(Sgemm.KC, k - pc);
                float betaBlock = pc == 0 ? beta : 1f;
                float* packB = buffers.B(kc * ncStrips * NR);
                PackB(pc, kc, jc, nc, packB);
                for (int ic = i0; ic < i1; ic += Sgemm.MC)
                {
                    int mc = Math.Min(Sgemm.MC, i1 - ic);
                    float* packA = buffers.A((mc + MR - 1) / MR * MR * kc);
                    PackA(ic, mc, pc, kc, packA);
                    for (int jr = 0; jr < nc; jr += NR)
                    {
                        int nr = Math.Min(NR, nc - jr);
                        float* bp = packB + (long)(jr / NR) * kc * NR;
                        nint bStride = NR;
                        if (_directB && nr == NR)
                        {
                            bp = b + (long)pc * ldb + jc + jr;
                            bStride = ldb;
                        }
                        for (int ir = 0; ir < mc; ir += MR)
                        {
                            int mr = Math.Min(MR, mc - ir);
                            float* ap = packA + (long)(ir / MR) * kc * MR;
                            if (transC)
                            {
                                // C' = C^T: element (i, j) of this job lives at c[j * ldc + i].
                                float* t = buffers.Tile;
                                Tile(kc, ap, bp, bStride, t, NR, 1f, 0f);
                                if (kind == SgemmKernelKind.Avx512)
                                {
                                    MicroKernels.StoreTransposedEdge512(t, c + (long)(jc + jr) * ldc + ic + ir, ldc, mr, nr, alpha, betaBlock);
                                    continue;
                                }
                                for (int j = 0; j < nr; j++)
                                {
                                    float* crow = c + (long)(jc + jr + j) * ldc + ic + ir;
                                    for (int r = 0; r < mr; r++)
                                    {
                                        float v = alpha * t[r * NR + j];
                                        crow[r] = betaBlock == 0 ? v : MathF.FusedMultiplyAdd(betaBlock, crow[r], v);
                                    }
                                }
                                continue;
                            }
                            float* cp = c + (long)(ic + ir) * ldc + jc + jr;
                            if (mr == MR && nr == NR)
                            {
                                Tile(kc, ap, bp, bStride, cp, ldc, alpha, betaBlock);
                            }
                            else
                            {
                                // Edge: full tile into scratch, then the same epilogue arithmetic on the valid part.
                                float* t = buffers.Tile;
                                Tile(kc, ap, bp, bStride, t, NR, 1f, 0f);
                                if (kind == SgemmKernelKind.Avx512)
                                {
                                    MicroKernels.StoreEdge512(t, cp, ldc, mr, nr, alpha, betaBlock);
                                    continue;
                                }
                                for (int r = 0; r < mr; r++)
                                {
                                    float* crow = cp + (long)r * ldc;
                                    float* trow = t + r * NR;
                                    for (int j = 0; j < nr; j++)
                                        crow[j] = betaBlock == 0 ? alpha * trow[j] : MathF.FusedMultiplyAdd(betaBlock, crow[j], alpha * trow[j]);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private void Tile(int kc, float* ap, float* bp, nint bStride, float* cp, int ldcTile, float alphaTile, float betaTile)
    {
        switch (kind)
        {
            case SgemmKernelKind.Avx512: MicroKernels.Avx512(kc, ap, bp, bStride, cp, ldcTile, alphaTile, betaTile); break;
            case SgemmKernelKind.Avx2: MicroKernels.Avx2(kc, ap, bp, bStride, cp, ldcTile, alphaTile, betaTile); break;
            default: MicroKernels.Scalar(kc, ap, bp, bStride, cp, ldcTile, alphaTile, betaTile); break;
        }
    }

    /// <summary>op(A)[ic..ic+mc, pc..pc+kc] into MR-row strips, each laid out [p][r], zero-padded to MR rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: skip tier-0
    private void PackA(int ic, int mc, int pc, int kc, float* dst)
    {
        const int MR = Sgemm.MR;
        for (int ir = 0; ir < mc; ir += MR)
        {
            int mr = Math.Min(MR, mc - ir);
            float* d = dst + (long)(ir / MR) * kc * MR;
            if (!transA && mr == MR && Avx.IsSupported)
            {
                // op(A)[i, p] = A[i * lda + p]: 8 x 8 register transposes turn MR rows into [p][r] runs.
                float* s = a + (long)(ic + ir) * lda + pc;
                int p = 0;
                for (; p <= kc - 8; p += 8) Transpose8x8(s + p, lda, d + p * MR, MR);
                for (; p < kc; p++)
                    for (int r = 0; r < MR; r++) d[p * MR + r] = s[(long)r * lda + p];
            }
            else if (!transA)
            {
                // op(A)[i, p] = A[i * lda + p]: one row per r, written with stride MR.
                for (int r = 0; r < mr; r++)
                {
                    float* s = a + (long)(ic + ir + r) * lda + pc;
                    for (int p = 0; p < kc; p++) d[p * MR + r] = s[p];
                }
                for (int r = mr; r < MR; r++)
                    for (int p = 0; p < kc; p++) d[p * MR + r] = 0f;
            }
            else
            {
                // op(A)[i, p] = A[p * lda + i]: the MR values for one p are contiguous.
                float* s = a + (long)pc * lda + ic + ir;
                if (mr == MR)
                {
                    int p = 0;
                    for (; p <= kc - 2; p += 2, s += 2L * lda)
                    {
                        Unsafe.WriteUnaligned(d + p * MR, Unsafe.ReadUnaligned<Vector256<float>>(s));
                        Unsafe.WriteUnaligned(d + p * MR + MR, Unsafe.ReadUnaligned<Vector256<float>>(s + lda));
                    }
                    if (p < kc) Unsafe.WriteUnaligned(d + p * MR, Unsafe.ReadUnaligned<Vector256<float>>(s));
                }
                else
                {
                    for (int p = 0; p < kc; p++, s += lda)
                    {
                        float* dp = d + p * MR;
                        for (int r = 0; r < mr; r++) dp[r] = s[r];
                        for (int r = mr; r < MR; r++) dp[r] = 0f;
                    }
                }
            }
        }
    }

    /// <summary>dst[q * dstStride + i] = src[i * srcStride + q] for an 8 x 8 block (unpack, shuffle, lane swap).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, long srcStride, float* dst, long dstStride)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + srcStride);
        var r2 = Avx.LoadVector256(src + 2 * srcStride);
        var r3 = Avx.LoadVector256(src + 3 * srcStride);
        var r4 = Avx.LoadVector256(src + 4 * srcStride);
        var r5 = Avx.LoadVector256(src + 5 * srcStride);
        var r6 = Avx.LoadVector256(src + 6 * srcStride);
        var r7 = Avx.LoadVector256(src + 7 * srcStride);
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(u3, u7, 0x31));
    }

    /// <summary>op(B)[pc..pc+kc, jc..jc+nc] into NR-column strips, each laid out [p][j], zero-padded to NR columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: skip tier-0
    private void PackB(int pc, int kc, int jc, int nc, float* dst)
    {
        const int NR = Sgemm.NR;
        for (int jr = 0; jr < nc; jr += NR)
        {
            int nr = Math.Min(NR, nc - jr);
            float* d = dst + (long)(jr / NR) * kc * NR;
            if (_directB && nr == NR) continue; // read in place by the kernel
            if (!transB)
            {
                // op(B)[p, j] = B[p * ldb + j]: rows copy straight across.
                for (int p = 0; p < kc; p++)
                {
                    float* s = b + (long)(pc + p) * ldb + jc + jr;
                    float* dp = d + p * NR;
                    if (nr == NR)
                    {
                        Unsafe.WriteUnaligned(dp, Unsafe.ReadUnaligned<Vector256<float>>(s));
                        Unsafe.WriteUnaligned(dp + 8, Unsafe.ReadUnaligned<Vector256<float>>(s + 8));
                        Unsafe.WriteUnaligned(dp + 16, Unsafe.ReadUnaligned<Vector256<float>>(s + 16));
                        Unsafe.WriteUnaligned(dp + 24, Unsafe.ReadUnaligned<Vector256<float>>(s + 24));
                    }
                    else
                    {
                        for (int j = 0; j < nr; j++) dp[j] = s[j];
                        for (int j = nr; j < NR; j++) dp[j] = 0f;
                    }
                }
            }
            else if (nr == NR && Avx.IsSupported)
            {
                // op(B)[p, j] = B[j * ldb + p]: 8 x 8 register transposes, four per NR columns.
                for (int jg = 0; jg < NR; jg += 8)
                {
                    float* s = b + (long)(jc + jr + jg) * ldb + pc;
                    int p = 0;
                    for (; p <= kc - 8; p += 8) Transpose8x8(s + p, ldb, d + p * NR + jg, NR);
                    for (; p < kc; p++)
                        for (int j = 0; j < 8; j++) d[p * NR + jg + j] = s[(long)j * ldb + p];
                }
            }
            else
            {
                // op(B)[p, j] = B[j * ldb + p]: one stored row per column j, written with stride NR.
                for (int j = 0; j < nr; j++)
                {
                    float* s = b + (long)(jc + jr + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) d[p * NR + j] = s[p];
                }
                for (int j = nr; j < NR; j++)
                    for (int p = 0; p < kc; p++) d[p * NR + j] = 0f;
            }
        }
    }
}

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

/// <summary>Per-thread packing buffers: grown on demand, never shrunk, so steady-state calls allocate nothing.</summary>
internal sealed unsafe class PackBuffers
{
    [ThreadStatic] private static PackBuffers? t_current;

    private float[] _a = [], _b = [], _tile = [];
    private float* _aPtr, _bPtr, _tilePtr;

    public static PackBuffers ForThisThread => t_current ??= new PackBuffers();

    public float* A(int floats) => floats <= _a.Length - 16 ? _aPtr : Grow(ref _a, ref _aPtr, floats);
    public float* B(int floats) => floats <= _b.Length - 16 ? _bPtr : Grow(ref _b, ref _bPtr, floats);
    public float* Tile => _tilePtr != null ? _tilePtr : Grow(ref _tile, ref _tilePtr, Sgemm.MR * Sgemm.NR);

    private static float* Grow(ref float[] array, ref float* ptr, int floats)
    {
        // Pinned (never moves) with 16 spare floats so the start can be aligned to a 64-byte cache line.
        array = GC.AllocateUninitializedArray<float>(floats + 16, pinned: true);
        float* p = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        ptr = (float*)(((nint)p + 63) & ~(nint)63);
        return ptr;
    }
}

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

/// <summary>
/// One dedicated background thread that runs half of a large multiply. Reused for every call (no task or
/// delegate allocation); a call that finds it busy simply runs single-threaded, which gives the same bits.
/// </summary>
internal static class SgemmWorker
{
    private static readonly Lock s_gate = new();
    private static readonly ManualResetEventSlim s_start = new(false);
    private static readonly ManualResetEventSlim s_done = new(false);
    private static Thread? s_thread;
    private static GemmJob s_job;
    private static int s_i0, s_i1, s_j0, s_j1;
    private static Exception? s_error;

    public static bool TryRunSplit(in GemmJob job)
    {
        if (!s_gate.TryEnter()) return false;
        try
        {
            int m = job.M, n = job.N;
            int i0 = 0, i1 = m, j0 = 0, j1 = n;
            // Split on tile boundaries, along N when there are enough column strips, otherwise along M.
            if (n >= 2 * Sgemm.NR)
            {
                int split = (n / 2 + Sgemm.NR - 1) / Sgemm.NR * Sgemm.NR;
                (j1, s_j0, s_j1, s_i0, s_i1) = (split, split, n, 0, m);
            }
            else if (m >= 2 * Sgemm.MR)
            {
                int split = (m / 2 + Sgemm.MR - 1) / Sgemm.MR * Sgemm.MR;
                (i1, s_i0, s_i1, s_j0, s_j1) = (split, split, m, 0, n);
            }
            else return false;

            if (s_thread is null)
            {
                s_thread = new Thread(Loop) { IsBackground = true, Name = "Distral SGEMM worker" };
                s_thread.Start();
            }
            s_job = job;
            s_error = null;
            s_done.Reset();
            s_start.Set();
            try
            {
                job.Run(i0, i1, j0, j1);
            }
            finally
            {
                s_done.Wait();
            }
            if (s_error is not null) throw new InvalidOperationException("The SGEMM worker thread failed.", s_error);
            return true;
        }
        finally
        {
            s_gate.Exit();
        }
    }

    private static void Loop()
    {
        while (true)
        {
            s_start.Wait();
            s_start.Reset();
            try
            {
                s_job.Run(s_i0, s_i1, s_j0, s_j1);
            }
            catch (Exception e)
            {
                s_error = e;
            }
            s_done.Set();
        }
    }
}
