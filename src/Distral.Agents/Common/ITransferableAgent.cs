using Distral.Nn;

namespace Distral.Agents;

/// <summary>
/// An agent whose new tasks can start from a finished run (transfer): its pi_0 taken as the prior
/// (<see cref="UsePrior"/>), or its networks' hidden layers initialised from another network's trunk
/// (<see cref="InitialiseTrunks"/>). Both are called once, before training.
/// </summary>
public interface ITransferableAgent : IMultitaskAgent
{
    /// <summary>The distilled network pi_0 that <see cref="UsePrior"/> overwrites (null: the algorithm has none).</summary>
    Module? Prior { get; }

    /// <summary>
    /// Copies <paramref name="prior"/> (a distilled network of the same architecture) into pi_0. Whether it then keeps
    /// learning on the new tasks is the options' PriorTrainable. Throws <see cref="ArgumentException"/> on a shape mismatch.
    /// </summary>
    void UsePrior(Module prior);

    /// <summary>
    /// Copies <paramref name="trunk"/> (the hidden layers of a trained network, input first) into the hidden layers of
    /// every column; output layers (heads) stay freshly initialised. Throws <see cref="ArgumentException"/> naming the
    /// first layer whose shape differs.
    /// </summary>
    void InitialiseTrunks(IReadOnlyList<Linear> trunk);
}
