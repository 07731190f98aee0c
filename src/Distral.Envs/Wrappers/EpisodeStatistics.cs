namespace Distral.Envs;

/// <summary>
/// Tracks the return and length of each episode and reports them in <see cref="EnvInfo.EpisodeReturn"/> /
/// <see cref="EnvInfo.EpisodeLength"/> on the step that ends it (terminated or truncated).
/// </summary>
public sealed class EpisodeStatistics(IEnv inner) : Wrapper(inner), IStatefulEnv
{
    private double _return;
    private int _length;

    /// <summary>Episodes finished so far.</summary>
    public int EpisodeCount { get; private set; }

    /// <summary>Return of the last finished episode (0 before any).</summary>
    public double LastEpisodeReturn { get; private set; }

    /// <summary>Length of the last finished episode (0 before any).</summary>
    public int LastEpisodeLength { get; private set; }

    /// <summary>Return accumulated in the current episode.</summary>
    public double CurrentReturn => _return;

    /// <summary>Steps taken in the current episode.</summary>
    public int CurrentLength => _length;

    public override ResetResult Reset(int? seed = null)
    {
        _return = 0;
        _length = 0;
        return Inner.Reset(seed);
    }

    public override StepResult Step(int action) => Record(Inner.Step(action));

    public override StepResult Step(scoped ReadOnlySpan<float> action) => Record(Inner.Step(action));

    /// <inheritdoc/>
    public bool CanSaveState => IStatefulEnv.Supports(Inner);

    /// <inheritdoc/>
    public void SaveState(BinaryWriter writer)
    {
        var inner = IStatefulEnv.Require(Inner);
        writer.WriteTag("episode-statistics");
        writer.Write(_return);
        writer.Write(_length);
        writer.Write(EpisodeCount);
        writer.Write(LastEpisodeReturn);
        writer.Write(LastEpisodeLength);
        inner.SaveState(writer);
    }

    /// <inheritdoc/>
    public void LoadState(BinaryReader reader)
    {
        var inner = IStatefulEnv.Require(Inner);
        reader.ExpectTag("episode-statistics");
        double ret = reader.ReadDouble();
        int length = reader.ReadInt32();
        int count = reader.ReadInt32();
        double lastReturn = reader.ReadDouble();
        int lastLength = reader.ReadInt32();
        if (length < 0 || count < 0 || lastLength < 0) throw new InvalidDataException("episode-statistics state has negative counters");
        inner.LoadState(reader);
        (_return, _length) = (ret, length);
        (EpisodeCount, LastEpisodeReturn, LastEpisodeLength) = (count, lastReturn, lastLength);
    }

    private StepResult Record(StepResult r)
    {
        _return += r.Reward;
        _length++;
        if (!r.Done) return r;
        EpisodeCount++;
        LastEpisodeReturn = _return;
        LastEpisodeLength = _length;
        var info = r.Info with { EpisodeReturn = _return, EpisodeLength = _length };
        return new StepResult(r.Observation, r.Reward, r.Terminated, r.Truncated, info);
    }
}
