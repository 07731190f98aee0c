using Distral.Tensors;

namespace Distral.Nn;

/// <summary>
/// Weight initialisers with PyTorch's formulas (torch.nn.init), driven by a seeded <see cref="Rng"/> so
/// that the same seed gives bit-identical weights. Fans follow PyTorch: for a weight [out, in, k...],
/// fan_in = in * prod(k), fan_out = out * prod(k).
/// </summary>
public static class Init
{
    /// <summary>The recommended gain for a nonlinearity (torch.nn.init.calculate_gain).</summary>
    public static float Gain(Activation nonlinearity, float leakySlope = 0.01f) => nonlinearity switch
    {
        Activation.None or Activation.Sigmoid => 1f,
        Activation.Tanh => 5f / 3f,
        Activation.Relu => MathF.Sqrt(2f),
        Activation.LeakyRelu => MathF.Sqrt(2f / (1f + leakySlope * leakySlope)),
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity)),
    };

    /// <summary>(fan_in, fan_out) of a weight of rank 2 or more.</summary>
    public static (int FanIn, int FanOut) Fans(Shape shape)
    {
        if (shape.Rank < 2)
            throw new ArgumentException($"Fan in and fan out need a tensor of rank >= 2, got shape {shape}.");
        int receptive = 1;
        for (int i = 2; i < shape.Rank; i++) receptive *= shape[i];
        return (shape[1] * receptive, shape[0] * receptive);
    }

    /// <summary>Fills with zeros.</summary>
    public static void Zeros(Tensor t) => t.Span.Clear();

    /// <summary>Fills with one value.</summary>
    public static void Constant(Tensor t, float value) => t.Span.Fill(value);

    /// <summary>Fills with U(low, high).</summary>
    public static void Uniform(Tensor t, Rng rng, float low, float high)
    {
        var s = t.Span;
        for (int i = 0; i < s.Length; i++) s[i] = rng.NextFloat(low, high);
    }

    /// <summary>Fills with N(mean, std^2).</summary>
    public static void Normal(Tensor t, Rng rng, float mean, float std)
    {
        var s = t.Span;
        for (int i = 0; i < s.Length; i++) s[i] = mean + std * rng.NextGaussian();
    }

    /// <summary>Glorot uniform: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)).</summary>
    public static void XavierUniform(Tensor t, Rng rng, float gain = 1f)
    {
        var (fanIn, fanOut) = Fans(t.Shape);
        float a = MathF.Sqrt(3f) * gain * MathF.Sqrt(2f / (fanIn + fanOut));
        Uniform(t, rng, -a, a);
    }

    /// <summary>Glorot normal: N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)).</summary>
    public static void XavierNormal(Tensor t, Rng rng, float gain = 1f)
    {
        var (fanIn, fanOut) = Fans(t.Shape);
        Normal(t, rng, 0f, gain * MathF.Sqrt(2f / (fanIn + fanOut)));
    }

    /// <summary>He uniform (fan_in mode): U(-b, b), b = gain * sqrt(3 / fan_in), gain from the nonlinearity and slope.</summary>
    public static void KaimingUniform(Tensor t, Rng rng, float negativeSlope = 0f, Activation nonlinearity = Activation.LeakyRelu)
    {
        var (fanIn, _) = Fans(t.Shape);
        float bound = MathF.Sqrt(3f) * Gain(nonlinearity, negativeSlope) / MathF.Sqrt(fanIn);
        Uniform(t, rng, -bound, bound);
    }

    /// <summary>He normal (fan_in mode): N(0, std^2), std = gain / sqrt(fan_in).</summary>
    public static void KaimingNormal(Tensor t, Rng rng, float negativeSlope = 0f, Activation nonlinearity = Activation.LeakyRelu)
    {
        var (fanIn, _) = Fans(t.Shape);
        Normal(t, rng, 0f, Gain(nonlinearity, negativeSlope) / MathF.Sqrt(fanIn));
    }

    /// <summary>
    /// A (semi-)orthogonal matrix times <paramref name="gain"/>, on the tensor flattened to [shape[0], rest]:
    /// a Gaussian matrix orthonormalised by modified Gram-Schmidt (in double), which equals QR with the
    /// signs of diag(R) made positive, as PyTorch does. Rows are orthonormal when rows &lt;= cols, columns otherwise.
    /// </summary>
    public static void Orthogonal(Tensor t, Rng rng, float gain = 1f)
    {
        if (t.Shape.Rank < 2) throw new ArgumentException($"Orthogonal init needs rank >= 2, got shape {t.Shape}.");
        int rows = t.Shape[0], cols = t.Size / Math.Max(rows, 1);
        if (rows == 0 || cols == 0) return;
        // Work on a tall matrix (n >= m) stored column-major as m vectors of length n.
        bool transposed = rows < cols;
        int n = transposed ? cols : rows, m = transposed ? rows : cols;
        var q = new double[m][];
        var gaussian = new double[rows * cols];
        for (int i = 0; i < gaussian.Length; i++) gaussian[i] = rng.NextGaussian();
        for (int j = 0; j < m; j++)
        {
            var v = new double[n];
            // Element (r, c) of the row-major [rows, cols] draw; the vectors are columns of the tall matrix.
            for (int i = 0; i < n; i++) v[i] = transposed ? gaussian[j * cols + i] : gaussian[i * cols + j];
            while (true)
            {
                for (int k = 0; k < j; k++)
                {
                    double dot = 0;
                    for (int i = 0; i < n; i++) dot += q[k][i] * v[i];
                    for (int i = 0; i < n; i++) v[i] -= dot * q[k][i];
                }
                double norm = 0;
                for (int i = 0; i < n; i++) norm += v[i] * v[i];
                norm = Math.Sqrt(norm);
                if (norm > 1e-10)
                {
                    for (int i = 0; i < n; i++) v[i] /= norm;
                    break;
                }
                // Numerically dependent draw (practically never): draw this vector again.
                for (int i = 0; i < n; i++) v[i] = rng.NextGaussian();
            }
            q[j] = v;
        }
        var s = t.Span;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                s[r * cols + c] = (float)(gain * (transposed ? q[r][c] : q[c][r]));
    }
}
