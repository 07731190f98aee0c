using Distral.Tensors;

namespace Distral.Nn;

/// <summary>Elementwise tanh(x).</summary>
public sealed class Tanh() : ActivationLayer(Activation.Tanh, 0f);
