using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.ActorCritic;

/// <summary>
/// The feed-forward torso for vector observations: Linear layers obs -> hidden[0] -> ... -> hidden[^1], each
/// followed by a leaky ReLU (fused into the layer). Rows are independent, so the recurrent state is ignored.
/// </summary>
public sealed class MlpTorso : Torso
{
    private readonly Linear[] _layers;

    /// <summary>Creates the layers for <paramref name="observationSize"/> inputs, initialised from <paramref name="rng"/> in order.</summary>
    public MlpTorso(int observationSize, IReadOnlyList<int> hiddenSizes, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(hiddenSizes);
        ArgumentNullException.ThrowIfNull(rng);
        if (observationSize <= 0) throw new ArgumentOutOfRangeException(nameof(observationSize), $"Observation size must be positive, got {observationSize}.");
        if (hiddenSizes.Count == 0) throw new ArgumentException("An MLP torso needs at least one hidden layer.", nameof(hiddenSizes));
        _layers = new Linear[hiddenSizes.Count];
        int input = observationSize;
        for (int i = 0; i < hiddenSizes.Count; i++)
        {
            _layers[i] = RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new Linear(input, hiddenSizes[i], rng, activation: Activation.LeakyRelu));
            input = hiddenSizes[i];
        }
        FeatureSize = input;
    }

    /// <summary>The hidden layers, input first (the trunk that transfer copies in and out).</summary>
    public IReadOnlyList<Linear> Layers => _layers;

    /// <inheritdoc/>
    public override int FeatureSize { get; }

    /// <inheritdoc/>
    public override Tensor Features(Graph g, Tensor observations, LstmState? state, ReadOnlySpan<bool> episodeStarts)
    {
        ArgumentNullException.ThrowIfNull(g);
        var x = observations;
        foreach (var layer in _layers) x = layer.Forward(g, x);
        return x;
    }
}
