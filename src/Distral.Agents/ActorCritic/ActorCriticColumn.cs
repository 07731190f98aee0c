using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.ActorCritic;

/// <summary>
/// One column of an actor-critic network: a <see cref="Torso"/>, a linear policy head (logits over the actions) and,
/// for task columns, a linear value head (one output per task the column serves). The distilled column h has no
/// value head.
/// </summary>
public sealed class ActorCriticColumn : Module
{
    /// <summary>Wraps <paramref name="torso"/> with heads initialised from <paramref name="rng"/> (policy, then value).</summary>
    public ActorCriticColumn(Torso torso, int actionCount, int valueOutputs, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(torso);
        ArgumentNullException.ThrowIfNull(rng);
        if (actionCount <= 0) throw new ArgumentOutOfRangeException(nameof(actionCount), $"Action count must be positive, got {actionCount}.");
        if (valueOutputs < 0) throw new ArgumentOutOfRangeException(nameof(valueOutputs), $"Value outputs must be >= 0, got {valueOutputs}.");
        Torso = RegisterModule("torso", torso);
        PolicyHead = RegisterModule("policy", new Linear(torso.FeatureSize, actionCount, rng));
        if (valueOutputs > 0) ValueHead = RegisterModule("value", new Linear(torso.FeatureSize, valueOutputs, rng));
    }

    /// <summary>The feature extractor.</summary>
    public Torso Torso { get; }

    /// <summary>Features -> action logits.</summary>
    public Linear PolicyHead { get; }

    /// <summary>Features -> values (one per task served), or null for a policy-only column.</summary>
    public Linear? ValueHead { get; }

    /// <summary>Logits [rows, A] and values [rows, V] (null without a value head) of time-major observation rows.</summary>
    public (Tensor Logits, Tensor? Values) Evaluate(Graph g, Tensor observations, LstmState? state, ReadOnlySpan<bool> episodeStarts)
    {
        var features = Torso.Features(g, observations, state, episodeStarts);
        return (PolicyHead.Forward(g, features), ValueHead?.Forward(g, features));
    }

    /// <summary>The policy logits of feed-forward rows (no recurrent state).</summary>
    public override Tensor Forward(Graph g, Tensor x) => Evaluate(g, x, null, default).Logits;
}
