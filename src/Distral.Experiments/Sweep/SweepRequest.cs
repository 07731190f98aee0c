using Distral.Agents;
using Distral.Envs;

namespace Distral.Experiments;

/// <summary>What <see cref="SweepRunner.Run"/> needs: the base configuration, the grid, seeds and where to write.</summary>
public sealed record SweepRequest
{
    /// <summary>The configuration every grid point starts from.</summary>
    public required RunConfig BaseConfig { get; init; }

    /// <summary>Where the base configuration came from (messages).</summary>
    public string Source { get; init; } = "config";

    /// <summary>The hyperparameters and their values.</summary>
    public required IReadOnlyList<SweepAxis> Axes { get; init; }

    /// <summary>The seeds every point runs with.</summary>
    public required IReadOnlyList<ulong> Seeds { get; init; }

    /// <summary>The output directory (created; non-empty refused): runs in &lt;dir&gt;/&lt;point&gt;-&lt;seed&gt;, sweep.json, sweep.csv, report.html.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Runs trained at the same time (default: logical cores).</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;

    /// <summary>Plain progress lines; null = silent.</summary>
    public TextWriter? Progress { get; init; }

    /// <summary>An extra observer per run (the live display), given the run's directory name and config.</summary>
    public Func<string, RunConfig, ITrainingObserver?>? ObserverFor { get; init; }

    /// <summary>Replaces the algorithms' agent factory (tests use scripted agents).</summary>
    public Func<IReadOnlyList<IEnv>, RunConfig, ulong, IMultitaskAgent>? AgentFactory { get; init; }

    /// <summary>Write the combined HTML report.</summary>
    public bool WriteReport { get; init; } = true;
}
