namespace Distral.Experiments;

/// <summary>
/// pi_0 in the two-room corridor (row 4, columns 3..6) after arriving by moving left or right, averaged over cells
/// and both directions (paper Fig. 3 right). The previous reward in the observation is the plain step reward
/// (-0.1 by default), what the env really produces after such a move (see <see cref="Evaluation.Pi0Corridor"/>).
/// </summary>
/// <param name="PContinue">Probability of repeating the previous (horizontal) action.</param>
/// <param name="PVertical">Probability of up + down.</param>
public sealed record CorridorSummary(double PContinue, double PVertical);
