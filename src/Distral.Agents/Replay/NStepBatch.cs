namespace Distral.Agents.Replay;

/// <summary>
/// A reusable sampled batch: row r's target is Returns[r] + BootstrapDiscounts[r] * V(NextObservations[r]).
/// For n-step windows the batch also lists every intermediate transition (steps d = 1..k-1 of a window of k
/// rewards) so that a soft learner can add the regulariser of those steps, gamma^d (V(s_d) - Q(s_d, a_d)).
/// Buffers grow once to the largest batch asked for and are then reused.
/// </summary>
public sealed class NStepBatch
{
    /// <summary>First observation of each row, [Count, obs].</summary>
    public float[] Observations { get; private set; } = [];

    /// <summary>Observation to bootstrap from, [Count, obs].</summary>
    public float[] NextObservations { get; private set; } = [];

    /// <summary>First action of each row.</summary>
    public int[] Actions { get; private set; } = [];

    /// <summary>Discounted sum of the raw rewards of the window.</summary>
    public float[] Returns { get; private set; } = [];

    /// <summary>gamma^k for a window of k rewards, or 0 when the episode terminated inside it.</summary>
    public float[] BootstrapDiscounts { get; private set; } = [];

    /// <summary>Time step within its episode of each row's first transition.</summary>
    public int[] TimeSteps { get; private set; } = [];

    /// <summary>Number of rows.</summary>
    public int Count { get; internal set; }

    /// <summary>Observations of the intermediate transitions, [IntermediateCount, obs].</summary>
    public float[] IntermediateObservations { get; private set; } = [];

    /// <summary>Actions taken at the intermediate transitions.</summary>
    public int[] IntermediateActions { get; private set; } = [];

    /// <summary>gamma^d of each intermediate transition (d = its offset in the window, >= 1).</summary>
    public float[] IntermediateDiscounts { get; private set; } = [];

    /// <summary>The row each intermediate transition belongs to.</summary>
    public int[] IntermediateRows { get; private set; } = [];

    /// <summary>Number of intermediate transitions (0 for 1-step batches).</summary>
    public int IntermediateCount { get; internal set; }

    internal void EnsureCapacity(int batch, int observationSize, int nSteps = 1)
    {
        if (Actions.Length < batch || Observations.Length < batch * observationSize)
        {
            Observations = new float[batch * observationSize];
            NextObservations = new float[batch * observationSize];
            Actions = new int[batch];
            Returns = new float[batch];
            BootstrapDiscounts = new float[batch];
            TimeSteps = new int[batch];
        }
        int intermediate = batch * (nSteps - 1);
        if (IntermediateActions.Length < intermediate || IntermediateObservations.Length < intermediate * observationSize)
        {
            IntermediateObservations = new float[intermediate * observationSize];
            IntermediateActions = new int[intermediate];
            IntermediateDiscounts = new float[intermediate];
            IntermediateRows = new int[intermediate];
        }
    }
}
