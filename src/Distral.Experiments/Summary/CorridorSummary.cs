namespace Distral.Experiments;

/// <summary>
/// pi_0 in the two-room corridor (row 4, columns 3..6) given the previous action left or right and previous
/// reward 0, averaged over cells and both directions (paper Fig. 3 right).
/// </summary>
/// <param name="PContinue">Probability of repeating the previous (horizontal) action.</param>
/// <param name="PVertical">Probability of up + down.</param>
public sealed record CorridorSummary(double PContinue, double PVertical);
