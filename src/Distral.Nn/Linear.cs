using Distral.Tensors;

namespace Distral.Nn;

/// <summary>
/// Dense layer y = act(x W^T + b), x [batch, in], weight [out, in] (PyTorch layout), bias [out].
/// Default init as PyTorch: weight kaiming_uniform(a = sqrt(5)), i.e. U(+-1/sqrt(in)); bias U(+-1/sqrt(in)).
/// </summary>
public sealed class Linear : Module
{
    /// <summary>Creates the layer and initialises it from <paramref name="rng"/> (weight first, then bias).</summary>
    public Linear(int inFeatures, int outFeatures, Rng rng, bool bias = true, Activation activation = Activation.None, float leakySlope = 0.01f)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (inFeatures <= 0 || outFeatures <= 0)
            throw new ArgumentOutOfRangeException(nameof(inFeatures), $"Linear needs positive sizes, got {inFeatures} -> {outFeatures}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Activation = activation;
        LeakySlope = leakySlope;
        Weight = RegisterParameter("weight", Tensor.Parameter(new Shape(outFeatures, inFeatures)));
        Init.KaimingUniform(Weight, rng, MathF.Sqrt(5f));
        if (bias)
        {
            Bias = RegisterParameter("bias", Tensor.Parameter(new Shape(outFeatures)));
            float bound = 1f / MathF.Sqrt(inFeatures);
            Init.Uniform(Bias, rng, -bound, bound);
        }
    }

    public int InFeatures { get; }
    public int OutFeatures { get; }

    /// <summary>The activation fused into this layer's output (None by default).</summary>
    public Activation Activation { get; }

    /// <summary>Negative-side slope when <see cref="Activation"/> is leaky ReLU.</summary>
    public float LeakySlope { get; }

    /// <summary>[out, in].</summary>
    public Tensor Weight { get; }

    /// <summary>[out], or null when built without bias.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Graph g, Tensor x) => g.Linear(x, Weight, Bias, Activation, LeakySlope);

    /// <summary>The layer followed by <paramref name="activation"/> in one fused op (ignores the layer's own activation).</summary>
    public Tensor Forward(Graph g, Tensor x, Activation activation, float leakySlope = 0.01f) =>
        g.Linear(x, Weight, Bias, activation, leakySlope);
}
