using Distral.Agents.Replay;
using Distral.Tensors;

namespace Distral.Agents.SoftQ;

/// <summary>
/// Scratch of one thread of <see cref="SoftQDistral"/>: its graph arena, sampled batch and small buffers. Holds
/// no learning state, so which workspace serves which task does not change any result.
/// </summary>
internal sealed class SoftQWorkspace
{
    public SoftQWorkspace(int batch, int obsSize, int actionCount, int nSteps)
    {
        Targets = new float[batch];
        FRow = new float[actionCount];
        HRow = new float[actionCount];
        Logits = new float[actionCount];
        Probs = new float[actionCount];
        Batch.EnsureCapacity(batch, obsSize, nSteps);
    }

    public Graph Graph { get; } = new();
    public NStepBatch Batch { get; } = new();
    public float[] Targets { get; }
    public float[] FRow { get; }
    public float[] HRow { get; }
    public float[] Logits { get; }
    public float[] Probs { get; }
}
