using Distral.Tensors;

namespace Distral.Nn;

/// <summary>
/// 2-D convolution y = act(conv(x, W) + b), x [N, C, H, W], weight [out, in, k, k] (PyTorch layout), bias [out],
/// zero padding on all sides. Default init as PyTorch: weight kaiming_uniform(a = sqrt(5)), i.e.
/// U(+-1/sqrt(fan_in)) with fan_in = in * k * k; bias U(+-1/sqrt(fan_in)).
/// </summary>
public sealed class Conv2d : Module
{
    /// <summary>Creates the layer and initialises it from <paramref name="rng"/> (weight first, then bias).</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, Rng rng, int stride = 1, int padding = 0, bool bias = true,
        Activation activation = Activation.None, float leakySlope = 0.01f)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(inChannels),
                $"Conv2d needs positive channels and kernel size, got {inChannels} -> {outChannels}, kernel {kernelSize}.");
        if (stride <= 0 || padding < 0)
            throw new ArgumentOutOfRangeException(nameof(stride), $"Conv2d needs stride >= 1 and padding >= 0, got {stride} and {padding}.");
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Activation = activation;
        LeakySlope = leakySlope;
        Weight = RegisterParameter("weight", Tensor.Parameter(new Shape(outChannels, inChannels, kernelSize, kernelSize)));
        Init.KaimingUniform(Weight, rng, MathF.Sqrt(5f));
        if (bias)
        {
            Bias = RegisterParameter("bias", Tensor.Parameter(new Shape(outChannels)));
            float bound = 1f / MathF.Sqrt(inChannels * kernelSize * kernelSize);
            Init.Uniform(Bias, rng, -bound, bound);
        }
    }

    public int InChannels { get; }
    public int OutChannels { get; }

    /// <summary>Side of the square kernel.</summary>
    public int KernelSize { get; }

    public int Stride { get; }

    /// <summary>Zero padding added to each side of both spatial axes.</summary>
    public int Padding { get; }

    /// <summary>The activation fused into this layer's output (None by default).</summary>
    public Activation Activation { get; }

    /// <summary>Negative-side slope when <see cref="Activation"/> is leaky ReLU.</summary>
    public float LeakySlope { get; }

    /// <summary>[out, in, k, k].</summary>
    public Tensor Weight { get; }

    /// <summary>[out], or null when built without bias.</summary>
    public Tensor? Bias { get; }

    /// <summary>The output height and width for an input of <paramref name="height"/> x <paramref name="width"/>.</summary>
    public (int Height, int Width) OutputSize(int height, int width) =>
        ((height + 2 * Padding - KernelSize) / Stride + 1, (width + 2 * Padding - KernelSize) / Stride + 1);

    /// <inheritdoc />
    public override Tensor Forward(Graph g, Tensor x) => g.Conv2d(x, Weight, Bias, Stride, Padding, Activation, LeakySlope);

    /// <summary>The layer followed by <paramref name="activation"/> in one fused op (ignores the layer's own activation).</summary>
    public Tensor Forward(Graph g, Tensor x, Activation activation, float leakySlope = 0.01f) =>
        g.Conv2d(x, Weight, Bias, Stride, Padding, activation, leakySlope);
}
