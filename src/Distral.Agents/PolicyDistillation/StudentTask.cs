using Distral.Agents.Replay;
using Distral.Envs;
using Distral.Tensors;

namespace Distral.Agents.PolicyDistillation;

/// <summary>One task of a <see cref="PolicyDistillationStudent"/>: env, observation, episode, teacher, streams, replay of states.</summary>
internal sealed class StudentTask(int index, IEnv env, ITeacher teacher, int replayCapacity, Rng actRng, Rng resetRng)
{
    public int Index { get; } = index;
    public IEnv Env { get; } = env;
    public ITeacher Teacher { get; } = teacher;
    public float[] Observation { get; } = new float[env.ObservationSpace.Size];
    public EpisodeProgress Episode { get; } = new();
    public Rng ActRng { get; } = actRng;
    public Rng ResetRng { get; } = resetRng;

    /// <summary>The visited states (only the observations are used: the teacher labels them when sampled).</summary>
    public ReplayBuffer Replay { get; } = new(replayCapacity, env.ObservationSpace.Size);

    public double LossSum { get; set; }
    public int LossCount { get; set; }

    public void StartEpisode()
    {
        Episode.Start(Env, ResetRng, Observation);
    }

    public void Save(BinaryWriter w)
    {
        w.WriteTag("task");
        w.Write(ActRng.GetState());
        w.Write(ResetRng.GetState());
        w.WriteFloats(Observation);
        Episode.Save(w);
        w.Write(LossSum);
        w.Write(LossCount);
        Replay.SaveState(w);
    }

    public void Load(BinaryReader r)
    {
        r.ExpectTag("task");
        ActRng.SetState(r.ReadRngState());
        ResetRng.SetState(r.ReadRngState());
        r.ReadFloats(Observation, $"task {Index} observation");
        Episode.Load(r);
        LossSum = r.ReadDouble();
        LossCount = r.ReadInt32();
        if (LossCount < 0) throw new InvalidDataException($"task {Index} has negative counters");
        Replay.LoadState(r);
    }
}
