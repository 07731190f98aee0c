using Distral.Agents;
using Distral.Envs;

namespace Distral.Experiments;

/// <summary>What <see cref="ExperimentRunner.Run"/> needs: the resolved config, where to write, where to report.</summary>
public sealed record RunRequest
{
    /// <summary>The resolved configuration.</summary>
    public required RunConfig Config { get; init; }

    /// <summary>The run directory; null: runs/&lt;algorithm&gt;-&lt;seed&gt;-&lt;timestamp&gt; under the working directory.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Progress lines go here (null = silent).</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>Where the config came from, for messages ("run.yaml", "built-in demo").</summary>
    public string ConfigSource { get; init; } = "config";

    /// <summary>Replaces the algorithm's agent factory (tests use scripted agents).</summary>
    public Func<IReadOnlyList<IEnv>, RunConfig, ulong, IMultitaskAgent>? AgentFactory { get; init; }

    /// <summary>Stops training when cancelled: a resumable checkpoint is written and <see cref="RunInterruptedException"/> thrown.</summary>
    public CancellationToken Cancel { get; init; }

    /// <summary>An extra observer that receives every episode and training scalar (e.g. a live progress display).</summary>
    public ITrainingObserver? Observer { get; init; }

    /// <summary>
    /// Continue this checkpoint of the run in <see cref="OutputDirectory"/> (which must be its run directory) up to
    /// <see cref="RunConfig.Episodes"/> per task, instead of starting a new run. The config must be the checkpoint's
    /// (only <c>episodes</c> may differ); see <see cref="ExperimentRunner.ResumeConfig"/>.
    /// </summary>
    public SavedCheckpoint? ResumeFrom { get; init; }
}
