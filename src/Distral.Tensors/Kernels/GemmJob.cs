using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Distral.Tensors.Kernels;

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
