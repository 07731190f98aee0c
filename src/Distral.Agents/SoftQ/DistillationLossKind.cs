namespace Distral.Agents.SoftQ;

/// <summary>Form of the distillation loss on pi_0.</summary>
public enum DistillationLossKind
{
    /// <summary>-(alpha/beta) sum_i mean_batch gamma^t log pi_0(a|s) over the replayed actions (thesis).</summary>
    Sampled,

    /// <summary>-(alpha/beta) sum_i mean_batch gamma^t sum_a pi_i(a|s) log pi_0(a|s) (lower variance).</summary>
    Expected,
}
