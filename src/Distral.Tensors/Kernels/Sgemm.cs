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
