using Distral.Envs;

namespace Distral.Experiments;

/// <summary>pi_0 in one corridor cell of the two-room map after arriving there by <paramref name="PreviousAction"/> (paper Fig. 3).</summary>
/// <param name="Cell">The corridor cell.</param>
/// <param name="PreviousAction">How the agent arrived: <see cref="GridWorld.Left"/> or <see cref="GridWorld.Right"/>.</param>
/// <param name="Probabilities">pi_0's probabilities of up, down, left, right there.</param>
public sealed record CorridorCell(GridPoint Cell, int PreviousAction, IReadOnlyList<float> Probabilities);
