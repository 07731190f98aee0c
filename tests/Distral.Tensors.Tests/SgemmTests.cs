using Distral.Tensors;
using Distral.Tensors.Kernels;

namespace Distral.Tensors.Tests;

public class SgemmTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 3, 64, 5 }, { 127, 129, 131 }, { 128, 3, 64 }, { 64, 128, 128 }, { 1, 300, 7 },
        { 9, 33, 257 }, { 130, 2050, 3 },
        { 64, 3, 128 }, { 128, 4, 64 }, { 40, 15, 9 }, // narrow C: computed as C^T
        { 20, 300, 260 }, // large B: packed even when not transposed
        { 4, 150, 333 }, { 2, 64, 128 }, // a few rows: no packing
    };

    private static float[] RandomArray(int n, Rng rng)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = rng.NextFloat(-1, 1);
        return v;
    }

    /// <summary>Runs Multiply and Reference on the same random operands (with padded strides) and compares.</summary>
    private static void CheckAgainstReference(bool ta, bool tb, int m, int n, int k, float alpha, float beta, int pad, Rng rng)
    {
        int rowsA = ta ? k : m, colsA = ta ? m : k, rowsB = tb ? n : k, colsB = tb ? k : n;
        int lda = colsA + pad, ldb = colsB + pad, ldc = n + pad;
        var a = RandomArray(rowsA * lda, rng);
        var b = RandomArray(rowsB * ldb, rng);
        var c0 = RandomArray(m * ldc, rng);
        var fast = (float[])c0.Clone();
        var reference = (float[])c0.Clone();
        Sgemm.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, fast, ldc);
        Sgemm.Reference(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, reference, ldc);
        // Operands are in [-1, 1]: the float rounding error of a k-term dot product grows like k * eps.
        float tolerance = 1e-6f * (k + 4) * Math.Max(1f, Math.Abs(alpha)) + 1e-6f;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                int idx = i * ldc + j;
                if (j >= n)
                {
                    Assert.True(fast[idx] == c0[idx], $"padding C[{i},{j}] was written ({ta},{tb},{m}x{n}x{k})");
                    continue;
                }
                float err = Math.Abs(fast[idx] - reference[idx]);
                Assert.True(err <= tolerance * (1 + Math.Abs(reference[idx])),
                    $"C[{i},{j}] = {fast[idx]} vs {reference[idx]} (transA={ta}, transB={tb}, {m}x{n}x{k}, alpha={alpha}, beta={beta}, pad={pad})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyMatchesReferenceForAllTransposes(int m, int n, int k)
    {
        var rng = new Rng((ulong)(m * 1_000_003 + n * 1009 + k));
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
                CheckAgainstReference(ta, tb, m, n, k, 1f, 0f, 0, rng);
    }

    [Theory]
    [InlineData(1f, 0f, 0)]
    [InlineData(1f, 1f, 3)]
    [InlineData(-0.5f, 2f, 1)]
    [InlineData(2.5f, -1f, 17)]
    [InlineData(0f, 0.5f, 2)]
    public void AlphaBetaAndStridesMatchReference(float alpha, float beta, int pad)
    {
        var rng = new Rng(99);
        foreach (var (m, n, k) in new[] { (37, 45, 300), (8, 32, 16), (3, 64, 5), (17, 70, 2) })
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    CheckAgainstReference(ta, tb, m, n, k, alpha, beta, pad, rng);
    }

    [Fact]
    public void RandomShapesMatchReference()
    {
        var rng = new Rng(2024);
        for (int trial = 0; trial < 60; trial++)
        {
            int m = 1 + rng.NextInt(90), n = 1 + rng.NextInt(90), k = 1 + rng.NextInt(300);
            float beta = rng.NextInt(3) switch { 0 => 0f, 1 => 1f, _ => rng.NextFloat(-2, 2) };
            CheckAgainstReference(rng.NextInt(2) == 1, rng.NextInt(2) == 1, m, n, k, rng.NextFloat(-2, 2), beta, rng.NextInt(5), rng);
        }
    }

    [Theory]
    [InlineData((int)SgemmKernelKind.Avx2)]
    [InlineData((int)SgemmKernelKind.Scalar)]
    public void FallbackKernelsMatchReference(int kindValue)
    {
        var kind = (SgemmKernelKind)kindValue;
        if (kind == SgemmKernelKind.Avx2 && !System.Runtime.Intrinsics.X86.Fma.IsSupported) return;
        var saved = Sgemm.KernelKind;
        try
        {
            Sgemm.KernelKind = kind;
            var rng = new Rng(5);
            foreach (var (m, n, k) in new[] { (1, 1, 1), (127, 129, 131), (128, 3, 64), (9, 40, 300) })
                foreach (bool ta in new[] { false, true })
                    CheckAgainstReference(ta, !ta, m, n, k, 1.5f, 0.5f, 1, rng);
        }
        finally
        {
            Sgemm.KernelKind = saved;
        }
    }

    [Theory]
    [InlineData(false, false, 256, 256, 256)]
    [InlineData(true, true, 200, 300, 260)]
    [InlineData(false, true, 515, 40, 300)] // too few columns: split along M
    [InlineData(true, false, 5000, 4, 200)] // narrow C, computed transposed
    public void TwoThreadsGiveTheSameBitsAsOne(bool ta, bool tb, int m, int n, int k)
    {
        var rng = new Rng(17);
        var a = RandomArray(m * k, rng);
        var b = RandomArray(k * n, rng);
        var c1 = RandomArray(m * n, rng);
        var c2 = (float[])c1.Clone();
        int lda = ta ? m : k, ldb = tb ? k : n;
        try
        {
            Sgemm.MaxThreads = 1;
            Sgemm.Multiply(ta, tb, m, n, k, 0.7f, a, lda, b, ldb, 0.3f, c1, n);
            Sgemm.MaxThreads = 2;
            Sgemm.Multiply(ta, tb, m, n, k, 0.7f, a, lda, b, ldb, 0.3f, c2, n);
        }
        finally
        {
            Sgemm.MaxThreads = 1;
        }
        Assert.Equal(c1, c2);
        Assert.Contains(c1, v => v != 0);
    }

    [Fact]
    public void BetaZeroIgnoresNaNInC()
    {
        var a = new float[] { 1, 2, 3, 4 };
        var c = new float[] { float.NaN, float.NaN, float.NaN, float.NaN };
        Sgemm.Multiply(false, false, 2, 2, 2, 1f, a, 2, a, 2, 0f, c, 2);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, c);
    }

    [Fact]
    public void ZeroDepthScalesC()
    {
        var c = new float[] { 1, 2, 3 };
        Sgemm.Multiply(false, false, 1, 3, 0, 1f, [], 1, [], 3, 2f, c, 3);
        Assert.Equal(new float[] { 2, 4, 6 }, c);
    }

    [Fact]
    public void TooShortBufferIsRejected()
    {
        var a = new float[6];
        var c = new float[4];
        Assert.Throws<ArgumentException>(() => Sgemm.Multiply(false, false, 2, 2, 3, 1f, a, 3, new float[5], 2, 0f, c, 2));
        Assert.Throws<ArgumentException>(() => Sgemm.Multiply(false, false, 2, 2, 3, 1f, a, 2, new float[6], 2, 0f, c, 2));
    }

    [Fact]
    public void SteadyStateMultiplyAllocatesNothing()
    {
        var rng = new Rng(1);
        var a = RandomArray(300 * 300, rng);
        var c = new float[300 * 300];
        Sgemm.Multiply(false, true, 300, 300, 300, 1f, a, 300, a, 300, 0f, c, 300);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) Sgemm.Multiply(false, true, 300, 300, 300, 1f, a, 300, a, 300, 0f, c, 300);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(Activation.None)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.LeakyRelu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    public void LinearForwardMatchesManualComputation(Activation act)
    {
        // 37 outputs: two full vectors plus a scalar tail in the fused bias + activation pass.
        const int batch = 5, inF = 19, outF = 37;
        const float slope = 0.2f;
        var rng = new Rng(31);
        var x = Tensor.FromArray(new Shape(batch, inF), RandomArray(batch * inF, rng));
        var w = Tensor.Parameter(new Shape(outF, inF));
        var bias = Tensor.Parameter(new Shape(outF));
        RandomArray(outF * inF, rng).CopyTo(w.Span);
        RandomArray(outF, rng).CopyTo(bias.Span);
        var g = new Graph();
        var y = g.Linear(x, w, bias, act, slope).ToArray();
        for (int r = 0; r < batch; r++)
        {
            for (int o = 0; o < outF; o++)
            {
                double z = bias[o];
                for (int i = 0; i < inF; i++) z += (double)x[r, i] * w[o, i];
                double expected = act switch
                {
                    Activation.Relu => Math.Max(z, 0),
                    Activation.LeakyRelu => z < 0 ? slope * z : z,
                    Activation.Tanh => Math.Tanh(z),
                    Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
                    _ => z,
                };
                Assert.True(Math.Abs(y[r * outF + o] - expected) < 1e-5, $"y[{r},{o}] = {y[r * outF + o]}, expected {expected} ({act})");
            }
        }
    }

    [Fact]
    public void PeakFlopsIsPositive()
    {
        double peak = PeakFlops.MeasureSingleThread();
        Assert.InRange(peak, 0.1, 1e5);
    }
}
