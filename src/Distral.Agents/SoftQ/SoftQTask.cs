using Distral.Agents.Replay;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.SoftQ;

/// <summary>
/// Everything of one task in <see cref="SoftQDistral"/>: its env and current observation, episode bookkeeping,
/// its own random streams (acting, replay sampling, env resets, so that its phase gives the same bits on any
/// thread), its replay, its column f_i with optimizer and optional target copy, and the loss since the last report.
/// A task phase writes only its own task's state.
/// </summary>
internal sealed class SoftQTask
{
    public SoftQTask(int index, IEnv env, Sequential column, Sequential? target, float learningRate, int replayCapacity,
        Rng actRng, Rng sampleRng, Rng resetRng)
    {
        Index = index;
        Env = env;
        Column = column;
        Target = target;
        Parameters = column.Parameters();
        Optimizer = new Adam(Parameters, learningRate);
        Observation = new float[env.ObservationSpace.Size];
        Replay = new ReplayBuffer(replayCapacity, env.ObservationSpace.Size);
        (ActRng, SampleRng, ResetRng) = (actRng, sampleRng, resetRng);
    }

    public int Index { get; }
    public IEnv Env { get; }
    public float[] Observation { get; }
    public EpisodeProgress Episode { get; } = new();

    /// <summary>Set in the task phase when the step ended the episode; reported and cleared after the barrier.</summary>
    public bool EpisodeEnded { get; set; }

    public Rng ActRng { get; }
    public Rng SampleRng { get; }
    public Rng ResetRng { get; }
    public ReplayBuffer Replay { get; }

    /// <summary>The task column f_i (soft Q-values, or the task part of the 2col logits).</summary>
    public Sequential Column { get; }

    /// <summary>A slow copy of f_i for bootstrapping (null without a target network).</summary>
    public Sequential? Target { get; }

    public IReadOnlyList<Tensor> Parameters { get; }
    public Adam Optimizer { get; }

    /// <summary>Soft-Q updates of this task so far (the hard target refresh counts them).</summary>
    public long Updates { get; set; }

    public double LossSum { get; set; }
    public int LossCount { get; set; }

    /// <summary>Resets the env with the task's reset stream and starts an episode.</summary>
    public void StartEpisode()
    {
        Episode.Start(Env, ResetRng, Observation);
    }

    /// <summary>The mean loss since the last report, then forgets it (null when there was no update).</summary>
    public double? TakeMeanLoss()
    {
        double? mean = LossCount > 0 ? LossSum / LossCount : null;
        LossSum = 0;
        LossCount = 0;
        return mean;
    }

    /// <summary>Writes the task's learning state (checkpoints); the layout is that of state version 1.</summary>
    public void Save(BinaryWriter w)
    {
        w.WriteTag("task");
        w.Write(ActRng.GetState());
        w.Write(SampleRng.GetState());
        w.Write(ResetRng.GetState());
        w.WriteFloats(Observation);
        Episode.Save(w);
        w.Write(Updates);
        w.Write(LossSum);
        w.Write(LossCount);
        Replay.SaveState(w);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    public void Load(BinaryReader r)
    {
        r.ExpectTag("task");
        ActRng.SetState(r.ReadRngState());
        SampleRng.SetState(r.ReadRngState());
        ResetRng.SetState(r.ReadRngState());
        r.ReadFloats(Observation, $"task {Index} observation");
        try
        {
            Episode.Load(r);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"task {Index}: {e.Message}", e);
        }
        Updates = r.ReadInt64();
        LossSum = r.ReadDouble();
        LossCount = r.ReadInt32();
        EpisodeEnded = false; // only ever true inside a round
        if (Updates < 0 || LossCount < 0) throw new InvalidDataException($"task {Index} has negative counters");
        Replay.LoadState(r);
    }
}
