using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.SoftQ;

/// <summary>
/// Acting in the soft-Q family: the exploring action of training (epsilon-uniform, else a sample of the acting
/// policy), the acting policy's logits at one state, and pi_0's probabilities. Reads the networks, writes only the
/// workspace it is given, so task phases on several threads can act at once.
/// </summary>
internal sealed class SoftQActor(SoftQOptions options, SoftQObjective objective, Sequential? distilled, int obsSize)
{
    /// <summary>epsilon(episode) = end + (start - end) exp(-episode / decay) (thesis schedule, per task).</summary>
    public static float Epsilon(SoftQOptions options, int episode)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.EpsilonEnd + (options.EpsilonStart - options.EpsilonEnd) * MathF.Exp(-episode / options.EpsilonDecayEpisodes);
    }

    /// <summary>Training action of a task: epsilon-uniform (EpsilonBoltzmann) or else a sample from the acting policy.</summary>
    public int ExploringAction(SoftQTask task, SoftQWorkspace ws)
    {
        var rng = task.ActRng;
        if (options.Exploration == ExplorationMode.EpsilonBoltzmann && rng.NextFloat() < Epsilon(options, task.Episode.Done))
            return rng.NextInt(ws.Logits.Length);
        ActingLogits(task.Column, task.Observation, ws.Logits, ws);
        PolicyMath.Softmax(ws.Logits, ws.Probs);
        return rng.Categorical(ws.Probs);
    }

    /// <summary>Logits of the acting policy with task column <paramref name="column"/> at one observation (no gradient).</summary>
    public void ActingLogits(Sequential column, ReadOnlySpan<float> obs, Span<float> logits, SoftQWorkspace ws)
    {
        CheckObservation(obs);
        var g = ws.Graph;
        using (g.NoGrad())
        {
            var x = g.Input(new Shape(1, obsSize), obs);
            column.Forward(g, x).Span.CopyTo(ws.FRow);
            bool needPrior = options.Acting == ActingPolicy.Prior && distilled is not null;
            if (needPrior) distilled!.Forward(g, x).Span.CopyTo(ws.HRow);
            objective.ActingLogits(ws.FRow, needPrior ? ws.HRow : [], logits);
        }
        g.Reset();
    }

    /// <summary>pi_0(.|obs) into <paramref name="probs"/>.</summary>
    public void DistilledProbabilities(ReadOnlySpan<float> obs, Span<float> probs, SoftQWorkspace ws)
    {
        if (distilled is null) throw new InvalidOperationException($"'{options.Architecture}' has no distilled policy (SoftQOptions.Distilled is false).");
        if (probs.Length != ws.Probs.Length) throw new ArgumentException($"probs has length {probs.Length}, expected {ws.Probs.Length}.", nameof(probs));
        CheckObservation(obs);
        var g = ws.Graph;
        using (g.NoGrad())
        {
            var h = distilled.Forward(g, g.Input(new Shape(1, obsSize), obs));
            PolicyMath.Softmax(h.Span, probs);
        }
        g.Reset();
    }

    private void CheckObservation(ReadOnlySpan<float> obs)
    {
        if (obs.Length != obsSize) throw new ArgumentException($"Observation has {obs.Length} values, expected {obsSize}.", nameof(obs));
    }
}
