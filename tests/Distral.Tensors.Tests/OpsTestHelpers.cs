using Distral.Tensors;

namespace Distral.Tensors.Tests;

/// <summary>Random tensors, shapes and reference loops shared by the op tests.</summary>
internal static class OpsTestHelpers
{
    /// <summary>A parameter with values uniform in [low, high).</summary>
    public static Tensor RandomParameter(Shape shape, Rng rng, float low = -1f, float high = 1f)
    {
        var t = Tensor.Parameter(shape);
        for (int i = 0; i < t.Size; i++) t.Span[i] = rng.NextFloat(low, high);
        return t;
    }

    /// <summary>A parameter whose values lie in [low, high) but at least <paramref name="margin"/> from every kink.</summary>
    public static Tensor AwayFromKinks(Shape shape, Rng rng, float low, float high, float margin, params float[] kinks)
    {
        var t = Tensor.Parameter(shape);
        for (int i = 0; i < t.Size; i++)
        {
            float v;
            do v = rng.NextFloat(low, high);
            while (kinks.Any(k => Math.Abs(v - k) < margin));
            t.Span[i] = v;
        }
        return t;
    }

    /// <summary>A parameter whose values are distinct and at least 0.1 apart (no ties for max/argmax).</summary>
    public static Tensor DistinctValues(Shape shape, Rng rng)
    {
        var t = Tensor.Parameter(shape);
        var order = Enumerable.Range(0, t.Size).ToArray();
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        for (int i = 0; i < t.Size; i++) t.Span[i] = (order[i] - t.Size / 2f) * 0.1f;
        return t;
    }

    /// <summary>A fixed pseudo-random weighting w (by position) so that d loss / d y differs per element.</summary>
    public static float[] Weights(int size)
    {
        var rng = new Rng((ulong)(size + 12345));
        var w = new float[size];
        for (int i = 0; i < size; i++) w[i] = rng.NextFloat(-1.5f, 1.5f);
        return w;
    }

    /// <summary>sum_i w_i y_i as a one-element loss.</summary>
    public static Tensor WeightedSum(Graph g, Tensor y) => g.Sum(g.Mul(y, g.Input(y.Shape, Weights(y.Size))));

    /// <summary>Runs the finite-difference check and fails with the worst disagreement.</summary>
    public static void AssertGradients(Func<Graph, Tensor> loss, Tensor[] inputs, float tolerance = 1e-2f, float epsilon = 1e-2f, string context = "")
    {
        var r = GradientCheck.Check(loss, inputs, epsilon);
        Assert.True(r.MaxError < tolerance, $"{context}: {r}");
    }

    /// <summary>A random shape of rank in [minRank, maxRank] with axes in [1, maxDim].</summary>
    public static Shape RandomShape(Rng rng, int minRank = 0, int maxRank = 4, int maxDim = 4)
    {
        int rank = rng.NextInt(minRank, maxRank + 1);
        Span<int> dims = stackalloc int[rank];
        for (int k = 0; k < rank; k++) dims[k] = rng.NextInt(1, maxDim + 1);
        return Shape.Of(dims);
    }

    /// <summary>Two shapes that broadcast: some axes set to 1, some leading axes dropped.</summary>
    public static (Shape A, Shape B) RandomBroadcastPair(Rng rng)
    {
        var full = RandomShape(rng, 1, 4, 4);
        return (Thin(full, rng), Thin(full, rng));
    }

    private static Shape Thin(Shape full, Rng rng)
    {
        Span<int> dims = stackalloc int[Shape.MaxRank];
        int rank = full.CopyTo(dims);
        for (int k = 0; k < rank; k++) if (rng.NextInt(3) == 0) dims[k] = 1;
        int drop = rng.NextInt(rank + 1);
        return Shape.Of(dims[drop..rank]);
    }

    /// <summary>The fast-path and edge broadcast cases, both operand orders.</summary>
    public static IEnumerable<(Shape A, Shape B)> FixedBroadcastPairs()
    {
        (Shape, Shape)[] cases =
        [
            (new Shape(3, 4), new Shape(3, 4)),
            (new Shape(3, 4), new Shape(4)),      // row vector
            (new Shape(3, 4), new Shape(3, 1)),   // column vector
            (new Shape(3, 4), new Shape(1)),      // one element
            (new Shape(3, 4), Shape.Scalar),      // rank 0
            (new Shape(2, 1, 3), new Shape(4, 1)),// both broadcast: [2, 4, 3]
            (new Shape(2, 3, 1, 4), new Shape(3, 5, 1)),
            (new Shape(1, 9), new Shape(11, 1)),  // outer product, wider than a SIMD vector
        ];
        foreach (var (a, b) in cases)
        {
            yield return (a, b);
            yield return (b, a);
        }
    }

    /// <summary>NumPy broadcasting by explicit index arithmetic, independent of the op's plan.</summary>
    public static float[] NaiveBroadcast(Func<float, float, float> f, Tensor a, Tensor b, Shape result)
    {
        var y = new float[result.Size];
        Span<int> idx = stackalloc int[Shape.MaxRank];
        for (int flat = 0; flat < y.Length; flat++)
        {
            int rem = flat;
            for (int k = result.Rank - 1; k >= 0; k--)
            {
                idx[k] = rem % result[k];
                rem /= result[k];
            }
            y[flat] = f(a.Span[Index(a.Shape, idx, result.Rank)], b.Span[Index(b.Shape, idx, result.Rank)]);
        }
        return y;
    }

    private static int Index(Shape s, ReadOnlySpan<int> outIdx, int outRank)
    {
        int flat = 0;
        for (int k = 0; k < s.Rank; k++)
        {
            int i = s[k] == 1 ? 0 : outIdx[outRank - s.Rank + k];
            flat = flat * s[k] + i;
        }
        return flat;
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance = 1e-5f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1f, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
