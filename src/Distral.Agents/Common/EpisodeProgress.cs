using Distral.Envs;
using Distral.Tensors;

namespace Distral.Agents;

/// <summary>
/// The episode bookkeeping of one environment stream: whether an episode is running, its length and return so
/// far, and how many episodes have finished. Families keep one per task (or per env copy) and report
/// <see cref="Finish"/>'s record to the observer.
/// </summary>
public sealed class EpisodeProgress
{
    /// <summary>True while an episode is running (false before the first reset and after each end).</summary>
    public bool Active { get; set; }

    /// <summary>Steps taken in the running episode.</summary>
    public int Steps { get; set; }

    /// <summary>Undiscounted sum of the raw rewards of the running episode.</summary>
    public double Return { get; set; }

    /// <summary>Finished episodes so far.</summary>
    public int Done { get; set; }

    /// <summary>A new episode starts (after the env was reset).</summary>
    public void Begin()
    {
        Steps = 0;
        Return = 0;
        Active = true;
    }

    /// <summary>
    /// Resets <paramref name="env"/> with a seed drawn from <paramref name="resetRng"/> (the stream's own, so resets
    /// give the same bits on any thread), copies the first observation into <paramref name="observation"/> and begins.
    /// </summary>
    public void Start(IEnv env, Rng resetRng, Span<float> observation)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(resetRng);
        var (obs, _) = env.Reset(resetRng.NextInt(int.MaxValue));
        obs.CopyTo(observation);
        Begin();
    }

    /// <summary>One step with raw reward <paramref name="reward"/> was taken.</summary>
    public void Record(double reward)
    {
        Steps++;
        Return += reward;
    }

    /// <summary>Ends the running episode and returns its record (<paramref name="envStepsTotal"/>: the agent's total at its last step).</summary>
    public EpisodeRecord Finish(int task, long envStepsTotal)
    {
        var record = new EpisodeRecord(task, Done, Steps, Return, envStepsTotal);
        Done++;
        Active = false;
        return record;
    }

    /// <summary>Writes the four fields (checkpoints).</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Active);
        writer.Write(Steps);
        writer.Write(Return);
        writer.Write(Done);
    }

    /// <summary>Reads what <see cref="Save"/> wrote; negative counters are an <see cref="InvalidDataException"/>.</summary>
    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Active = reader.ReadBoolean();
        Steps = reader.ReadInt32();
        Return = reader.ReadDouble();
        Done = reader.ReadInt32();
        if (Steps < 0 || Done < 0) throw new InvalidDataException("negative episode counters");
    }
}
