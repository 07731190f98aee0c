using Distral.Tensors;

namespace Distral.Nn;

/// <summary>
/// A parameter-free elementwise activation module; each subclass applies its graph op (g.Relu, g.Tanh, ...).
/// <see cref="Sequential"/> fuses it into a preceding <see cref="Linear"/> (one fused op instead of two).
/// </summary>
public abstract class ActivationLayer : Module
{
    private protected ActivationLayer(Activation kind, float leakySlope)
    {
        Kind = kind;
        LeakySlope = leakySlope;
    }

    /// <summary>Which activation this module applies.</summary>
    public Activation Kind { get; }

    /// <summary>Negative-side slope (only used by leaky ReLU).</summary>
    public float LeakySlope { get; }

    /// <summary>The module for <paramref name="kind"/>; null for <see cref="Activation.None"/>.</summary>
    public static ActivationLayer? Create(Activation kind, float leakySlope = 0.01f) => kind switch
    {
        Activation.None => null,
        Activation.Relu => new Relu(),
        Activation.LeakyRelu => new LeakyRelu(leakySlope),
        Activation.Tanh => new Tanh(),
        Activation.Sigmoid => new Sigmoid(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
