namespace Distral.Tensors;

/// <summary>Activations that <see cref="Graph.Linear"/> fuses with the bias add.</summary>
public enum Activation
{
    None,
    Relu,
    LeakyRelu,
    Tanh,
    Sigmoid,
}
