using Distral.Tensors;

namespace Distral.Nn.Tests;

public class InitTests
{
    private static (double Mean, double Variance) Stats(Tensor t)
    {
        var v = t.ToArray();
        double mean = v.Average(x => (double)x);
        return (mean, v.Average(x => (x - mean) * (x - mean)));
    }

    private static void AssertVariance(double expected, Tensor t)
    {
        var (mean, variance) = Stats(t);
        Assert.InRange(mean, -0.05 * Math.Sqrt(expected), 0.05 * Math.Sqrt(expected));
        Assert.InRange(variance, 0.95 * expected, 1.05 * expected);
    }

    [Fact]
    public void XavierVarianceIsTwoOverFanSumTimesGainSquared()
    {
        var t = Tensor.Parameter(new Shape(200, 300));
        Init.XavierUniform(t, new Rng(1), gain: 2f);
        AssertVariance(4.0 * 2.0 / 500, t);
        Init.XavierNormal(t, new Rng(2));
        AssertVariance(2.0 / 500, t);
    }

    [Fact]
    public void KaimingVarianceIsGainSquaredOverFanIn()
    {
        var t = Tensor.Parameter(new Shape(300, 200));
        Init.KaimingUniform(t, new Rng(3));
        AssertVariance(2.0 / 200, t);
        Init.KaimingNormal(t, new Rng(4), negativeSlope: 0.2f);
        AssertVariance(2.0 / (1 + 0.04) / 200, t);
        // Conv-shaped weights: fan_in = in * kh * kw.
        var conv = Tensor.Parameter(new Shape(64, 16, 3, 3));
        Init.KaimingNormal(conv, new Rng(5), nonlinearity: Activation.Relu);
        AssertVariance(2.0 / (16 * 9), conv);
    }

    [Fact]
    public void GainsMatchPyTorch()
    {
        Assert.Equal(1f, Init.Gain(Activation.None));
        Assert.Equal(1f, Init.Gain(Activation.Sigmoid));
        Assert.Equal(5f / 3f, Init.Gain(Activation.Tanh));
        Assert.Equal(MathF.Sqrt(2f), Init.Gain(Activation.Relu));
        Assert.Equal(MathF.Sqrt(2f / (1 + 0.01f * 0.01f)), Init.Gain(Activation.LeakyRelu));
        Assert.Equal((3, 2), Init.Fans(new Shape(2, 3)));
        Assert.Throws<ArgumentException>(() => Init.Fans(new Shape(5)));
    }

    [Theory]
    [InlineData(16, 40, 1f)]
    [InlineData(40, 16, 1f)]
    [InlineData(20, 20, 2f)]
    public void OrthogonalGivesOrthonormalRowsOrColumns(int rows, int cols, float gain)
    {
        var t = Tensor.Parameter(new Shape(rows, cols));
        Init.Orthogonal(t, new Rng(6), gain);
        // W W^T = gain^2 I when rows <= cols, W^T W = gain^2 I otherwise.
        int n = Math.Min(rows, cols);
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                double dot = 0;
                if (rows <= cols) for (int k = 0; k < cols; k++) dot += (double)t[a, k] * t[b, k];
                else for (int k = 0; k < rows; k++) dot += (double)t[k, a] * t[k, b];
                Assert.Equal(a == b ? gain * gain : 0.0, dot, 1e-4);
            }
        }
    }

    [Fact]
    public void InitIsDeterministicForASeed()
    {
        var a = Tensor.Parameter(new Shape(8, 12));
        var b = Tensor.Parameter(new Shape(8, 12));
        Init.Orthogonal(a, new Rng(7));
        Init.Orthogonal(b, new Rng(7));
        Assert.Equal(TestData.Bits([a]), TestData.Bits([b]));
        Init.Orthogonal(b, new Rng(8));
        Assert.NotEqual(TestData.Bits([a]), TestData.Bits([b]));
        Init.Uniform(a, new Rng(9), -1f, 1f);
        Assert.All(a.ToArray(), v => Assert.InRange(v, -1f, 1f));
        Init.Zeros(a);
        Assert.All(a.ToArray(), v => Assert.Equal(0f, v));
    }
}
