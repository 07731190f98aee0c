namespace Distral.Agents.Replay;

/// <summary>
/// A reusable sampled batch: row r's target is Returns[r] + BootstrapDiscounts[r] * V(NextObservations[r]).
/// Buffers grow once to the largest batch asked for and are then reused.
/// </summary>
public sealed class NStepBatch
{
    public float[] Observations { get; private set; } = [];
    public float[] NextObservations { get; private set; } = [];
    public int[] Actions { get; private set; } = [];
    public float[] Returns { get; private set; } = [];
    public float[] BootstrapDiscounts { get; private set; } = [];
    public int[] TimeSteps { get; private set; } = [];
    public int Count { get; internal set; }

    internal void EnsureCapacity(int batch, int observationSize)
    {
        if (Actions.Length >= batch && Observations.Length >= batch * observationSize) return;
        Observations = new float[batch * observationSize];
        NextObservations = new float[batch * observationSize];
        Actions = new int[batch];
        Returns = new float[batch];
        BootstrapDiscounts = new float[batch];
        TimeSteps = new int[batch];
    }
}
