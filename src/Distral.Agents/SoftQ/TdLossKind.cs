namespace Distral.Agents.SoftQ;

/// <summary>Loss on the TD error of the soft-Q regression.</summary>
public enum TdLossKind
{
    /// <summary>Mean squared error (thesis).</summary>
    Mse,

    /// <summary>Huber (smooth L1) with delta 1.</summary>
    Huber,
}
