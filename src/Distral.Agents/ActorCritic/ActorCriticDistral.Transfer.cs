using Distral.Nn;

namespace Distral.Agents.ActorCritic;

/// <summary>
/// Transfer from a finished run: h (pi_0) taken as the prior of the new tasks, and the MLP torsos of every column
/// initialised from another network's trunk (dense layers) or torso (conv + LSTM as well). The copies go into the shared networks; async learners' local copies
/// are refreshed from them before every unroll.
/// </summary>
public sealed partial class ActorCriticDistral : ITransferableAgent, ISharedTrunkAgent, ISharedTorsoAgent
{
    /// <inheritdoc/>
    /// <remarks>The column h: pi_0 = softmax(h) of the KL variants, the shared column of the 2col ones.</remarks>
    public Module? Prior => _columns.H;

    /// <inheritdoc/>
    public void UsePrior(Module prior)
    {
        ArgumentNullException.ThrowIfNull(prior);
        var h = _columns.H ?? throw new InvalidOperationException($"'{Algorithm}' has no column h (pi_0) to take a prior into.");
        NetworkTransfer.CopyAll(prior, h, "the prior");
    }

    /// <inheritdoc/>
    /// <remarks>Every column: the task columns (or the shared network) and h. Conv + LSTM torsos are refused.</remarks>
    public void InitialiseTrunks(IReadOnlyList<Linear> trunk)
    {
        ArgumentNullException.ThrowIfNull(trunk);
        var targets = _allColumns.Select((c, k) => (Layers: MlpLayers(c, ColumnName(k)), Name: ColumnName(k))).ToList();
        foreach (var (layers, name) in targets) NetworkTransfer.CopyTrunk(trunk, layers, $"column '{name}'");
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The MLP torso of the one network of `a3c-multitask`, else of h (a Distral run's pi_0 column, or the shared
    /// column of a 2col run); null with separate task networks only, or with conv + LSTM torsos.
    /// </remarks>
    public IReadOnlyList<Linear>? SharedTrunk => ((_columns.Shared ?? _columns.H)?.Torso as MlpTorso)?.Layers;

    /// <inheritdoc/>
    /// <remarks>The torso of the network <see cref="SharedTrunk"/> reads, whatever its kind (conv + LSTM too).</remarks>
    public Module? SharedTorso => (_columns.Shared ?? _columns.H)?.Torso;

    /// <inheritdoc/>
    public void InitialiseTorsos(Module torso)
    {
        ArgumentNullException.ThrowIfNull(torso);
        for (int k = 0; k < _allColumns.Length; k++) NetworkTransfer.CopyAll(torso, _allColumns[k].Torso, $"the torso of column '{ColumnName(k)}'");
    }

    private static IReadOnlyList<Linear> MlpLayers(ActorCriticColumn column, string name) =>
        column.Torso is MlpTorso mlp
            ? mlp.Layers
            : throw new ArgumentException($"column '{name}' has a {column.Torso.GetType().Name} (the conv + LSTM of image observations), not an MLP torso; only MLP torsos can be initialised from a trunk of dense layers");
}
