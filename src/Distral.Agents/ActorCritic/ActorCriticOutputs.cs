using Distral.Tensors;

namespace Distral.Agents.ActorCritic;

/// <summary>
/// The network outputs one forward over T time-major steps of M = tasks*W rows produces, as graph tensors (valid until
/// the graph is reset): per local task i, the task policy's logits [T*W, A] and V_i [T*W] (row t*W + w), and the
/// distilled column's logits h [T*M, A] (row t*M + j) when there is an h. Overwritten by every forward.
/// </summary>
internal sealed class ActorCriticOutputs
{
    /// <summary>Slots for <paramref name="tasks"/> local tasks.</summary>
    public ActorCriticOutputs(int tasks)
    {
        if (tasks < 1) throw new ArgumentOutOfRangeException(nameof(tasks), $"Outputs need at least one task, got {tasks}.");
        TaskLogits = new Tensor[tasks];
        Values = new Tensor[tasks];
    }

    /// <summary>Logits of pi_i per local task (in 2col already w_h h + u_i).</summary>
    public Tensor[] TaskLogits { get; }

    /// <summary>V_i per local task.</summary>
    public Tensor[] Values { get; }

    /// <summary>Logits h of the distilled / shared column (pi_0 = softmax h), or null without one.</summary>
    public Tensor? HLogits { get; set; }
}
