namespace Distral.Tensors;

/// <summary>
/// A differentiable primitive. Each op is a stateless singleton: its forward (an entry point on
/// <see cref="Graph"/>) records inputs and arguments on the output tensor, and <see cref="Backward"/> reads
/// them back to push the output's gradient into the inputs' gradients (always accumulating with +=).
/// </summary>
internal abstract class Op
{
    public abstract string Name { get; }

    /// <summary>Adds d(loss)/d(input) for every input that requires grad, given d(loss)/d(output) in output.Grad.</summary>
    public abstract void Backward(Graph graph, Tensor output);
}
