namespace Distral.Agents.Tabular;

/// <summary>
/// Settings of the exact tabular Distral solver. Alpha = c_KL / (c_KL + c_Ent), Beta = 1 / (c_KL + c_Ent)
/// (alpha = 1: KL only; 0 &lt; alpha &lt; 1: KL + entropy).
/// </summary>
public sealed record TabularDistralOptions
{
    /// <summary>Weight of log pi_0 inside the soft value (1 = KL only).</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Inverse temperature: large beta hardens the soft-max into a max.</summary>
    public double Beta { get; init; } = 5.0;

    /// <summary>Discount; 1 is allowed when every soft policy terminates.</summary>
    public double Gamma { get; init; } = 0.999;

    /// <summary>Cap on the number of alternations (soft value iteration + distillation).</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>Alternation stops when no pi_0 probability moves by more than this.</summary>
    public double Tolerance { get; init; } = 1e-9;

    /// <summary>Cap on Gauss-Seidel sweeps of one soft value iteration.</summary>
    public int MaxSoftValueSweeps { get; init; } = 200_000;

    /// <summary>Soft value iteration stops when a sweep moves no value by more than this.</summary>
    public double SoftValueTolerance { get; init; } = 1e-12;

    /// <summary>
    /// pi_0 = (1 - floor) * (normalised visitations) + floor / |A|. 0 (default) is the exact
    /// maximiser; a tiny floor keeps log pi_0 finite at the cost of O(floor) in the objective.
    /// </summary>
    public double SmoothingFloor { get; init; }

    /// <summary>Visitations are solved by dense Gaussian elimination up to this many states, by iteration above.</summary>
    public int DirectSolveMaxStates { get; init; } = 1500;

    /// <summary>Throws ArgumentException naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!(Alpha >= 0 && Alpha <= 1)) throw new ArgumentException($"Alpha must be in [0, 1], got {Alpha}.");
        if (!(Beta > 0) || double.IsInfinity(Beta)) throw new ArgumentException($"Beta must be positive and finite, got {Beta}.");
        if (!(Gamma >= 0 && Gamma <= 1)) throw new ArgumentException($"Gamma must be in [0, 1], got {Gamma}.");
        if (MaxIterations < 1) throw new ArgumentException($"MaxIterations must be at least 1, got {MaxIterations}.");
        if (!(Tolerance >= 0)) throw new ArgumentException($"Tolerance must be non-negative, got {Tolerance}.");
        if (MaxSoftValueSweeps < 1) throw new ArgumentException($"MaxSoftValueSweeps must be at least 1, got {MaxSoftValueSweeps}.");
        if (!(SoftValueTolerance >= 0)) throw new ArgumentException($"SoftValueTolerance must be non-negative, got {SoftValueTolerance}.");
        if (!(SmoothingFloor >= 0 && SmoothingFloor < 1)) throw new ArgumentException($"SmoothingFloor must be in [0, 1), got {SmoothingFloor}.");
    }
}
