using Distral.Agents;
using Distral.Envs;

namespace Distral.Experiments;

/// <summary>What every batch of runs (compare, sweep) needs: seeds, where to write, parallelism, progress and reporting.</summary>
public abstract record BatchRunRequest
{
    /// <summary>The seeds every configuration (or grid point) runs with.</summary>
    public required IReadOnlyList<ulong> Seeds { get; init; }

    /// <summary>The output directory (created; an existing non-empty one is refused); each run gets a sub-directory.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Runs trained at the same time (default: the machine's logical cores).</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;

    /// <summary>Plain progress lines (each prefixed with its run's directory name); null = silent.</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>An extra observer per run (the live display), given the run's directory name and config.</summary>
    public Func<string, RunConfig, ITrainingObserver?>? ObserverFor { get; init; }

    /// <summary>Replaces the algorithms' agent factory (tests use scripted agents).</summary>
    public Func<IReadOnlyList<IEnv>, RunConfig, ulong, IMultitaskAgent>? AgentFactory { get; init; }

    /// <summary>Write the combined HTML report (report.html) into the output directory.</summary>
    public bool WriteReport { get; init; } = true;
}
