using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.ActorCritic;

/// <summary>
/// The feature extractor at the bottom of an actor-critic column: observations of one unroll -> features.
/// Rows are time-major: row <c>t*N + n</c> is environment copy n at unroll step t (N = the rows of the
/// recurrent state). Feed-forward torsos (MLP) ignore the state; recurrent ones (conv + LSTM) carry it across
/// unrolls with no gradient into the past (truncated backprop through time) and zero a row where
/// <c>episodeStarts[t*N + n]</c> is set.
/// </summary>
public abstract class Torso : Module
{
    /// <summary>Width of the feature vector each observation row becomes.</summary>
    public abstract int FeatureSize { get; }

    /// <summary>True when the torso keeps state across steps (needs <see cref="NewState"/>).</summary>
    public virtual bool IsRecurrent => false;

    /// <summary>A zeroed recurrent state for <paramref name="rows"/> environment copies (null when feed-forward).</summary>
    public virtual LstmState? NewState(int rows) => null;

    /// <summary>
    /// Features [T*N, FeatureSize] of <paramref name="observations"/> [T*N, obsSize]. Recurrent torsos read
    /// and update <paramref name="state"/> (N rows); feed-forward ones ignore it and the flags.
    /// </summary>
    public abstract Tensor Features(Graph g, Tensor observations, LstmState? state, ReadOnlySpan<bool> episodeStarts);

    /// <summary>Features of single steps of a feed-forward torso (as <see cref="Features"/> with no state).</summary>
    public override Tensor Forward(Graph g, Tensor x) => Features(g, x, null, default);
}
