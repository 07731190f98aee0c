namespace Distral.Experiments;

/// <summary>
/// The built-in demo of <c>distral train</c> without --config: the paper's two-room random-goal gridworld,
/// Distral 2col soft Q (KL only, 10-step TD, 100-step episodes) and, for comparison, soft Q of each task alone.
/// Sized to finish in under two minutes on two cores.
/// </summary>
public static class DemoExperiment
{
    /// <summary>The algorithm of the comparison run (written to a sub-directory of the main run).</summary>
    public const string BaselineAlgorithm = "sql-independent";

    /// <summary>The sub-directory of the baseline run.</summary>
    public const string BaselineDirectory = "baseline-sql-independent";

    /// <summary>Where the demo says it comes from in messages.</summary>
    public const string Source = "built-in demo (paper two-room)";

    /// <summary>The demo's configuration (before command-line overrides).</summary>
    public static RunConfig Config { get; } = ConfigLoader.Parse("""
        algorithm: distral-2col-sql
        tasks: [two-room-random:0..7]
        episodes: 120
        max_episode_steps: 100
        alpha: 1.0
        n_steps: 10
        progress_every: 10
        """, Source);
}
