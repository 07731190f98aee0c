using Distral.Tensors;

namespace Distral.Nn;

/// <summary>Builds multi-layer perceptrons as <see cref="Sequential"/> stacks of Linear and activation modules.</summary>
public static class Mlp
{
    /// <summary>
    /// Linear layers between consecutive <paramref name="sizes"/> (e.g. [3, 64, 128, 64, 4]), each hidden one
    /// followed by <paramref name="hidden"/>, the last by <paramref name="output"/> (none by default). Names
    /// match PyTorch's nn.Sequential: "0.weight", "2.weight", ... when hidden activations are present.
    /// </summary>
    public static Sequential Create(IReadOnlyList<int> sizes, Activation hidden, Rng rng, Activation output = Activation.None, float leakySlope = 0.01f)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count < 2) throw new ArgumentException($"An MLP needs at least two sizes (input and output), got {sizes.Count}.");
        var modules = new List<Module>();
        for (int i = 0; i + 1 < sizes.Count; i++)
        {
            modules.Add(new Linear(sizes[i], sizes[i + 1], rng));
            var act = ActivationLayer.Create(i + 2 < sizes.Count ? hidden : output, leakySlope);
            if (act is not null) modules.Add(act);
        }
        return new Sequential([.. modules]);
    }
}
