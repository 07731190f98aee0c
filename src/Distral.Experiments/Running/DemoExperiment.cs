namespace Distral.Experiments;

/// <summary>
/// The built-in demo of <c>distral train</c> without --config: the paper's two-room random-goal gridworld,
/// Distral 2col soft Q (KL only, 10-step TD, 100-step episodes) and, for comparison, soft Q of each task alone.
/// Sized to finish in under two minutes on two cores. <see cref="Run"/> trains both and writes one report of the two.
/// </summary>
public static class DemoExperiment
{
    /// <summary>The algorithm of the comparison run (written to a sub-directory of the main run).</summary>
    public const string BaselineAlgorithm = "sql-independent";

    /// <summary>The sub-directory of the baseline run.</summary>
    public const string BaselineDirectory = "baseline-sql-independent";

    /// <summary>Where the demo says it comes from in messages.</summary>
    public const string Source = "built-in demo (paper two-room)";

    /// <summary>The demo's configuration (before command-line overrides): configs/paper/two-room.yaml, smaller.</summary>
    /// <remarks>
    /// Five goals (as the thesis) and 100 episodes keep both runs under two minutes on two cores; tasks step in
    /// lock-step, so every extra task also lengthens the run of the slowest one. gamma 0.99, beta 20, lr_distilled 3e-4, prior_floor 0.2, boltzmann exploration and
    /// the expected distillation loss are explained in configs/paper/two-room.yaml; figures in docs/results-two-room.md.
    /// </remarks>
    public static RunConfig Config { get; } = ConfigLoader.Parse("""
        algorithm: distral-2col-sql
        tasks: [two-room-random:0..4]
        episodes: 100
        max_episode_steps: 100
        gamma: 0.99
        alpha: 1.0
        beta: 20
        lr_distilled: 0.0003
        prior_floor: 0.2
        n_steps: 10
        exploration: boltzmann
        distillation_loss: expected
        progress_every: 10
        """, Source);

    /// <summary>
    /// Trains <paramref name="request"/> (the demo's config, possibly overridden) and, unless its algorithm already is
    /// the baseline's, the baseline with the same settings in <see cref="BaselineDirectory"/> under the main run, then
    /// rewrites the main run's HTML report with both runs side by side (the runner wrote it before the baseline existed).
    /// </summary>
    /// <param name="request">The main run.</param>
    /// <param name="runOne">Trains one run (default <see cref="ExperimentRunner.Run"/>; the CLI adds a live display).</param>
    /// <param name="finished">Called with each run as soon as it has finished (the CLI prints its summary).</param>
    public static DemoResult Run(RunRequest request, Func<RunRequest, RunResult>? runOne = null, Action<RunResult>? finished = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        runOne ??= ExperimentRunner.Run;
        var main = runOne(request);
        finished?.Invoke(main);
        if (request.Config.Algorithm == BaselineAlgorithm) return new DemoResult(main, null);
        var baseline = runOne(request with
        {
            Config = request.Config.With("algorithm", BaselineAlgorithm),
            OutputDirectory = Path.Combine(main.Directory, BaselineDirectory),
        });
        finished?.Invoke(baseline);
        HtmlReport.Write([main.Directory, baseline.Directory], Path.Combine(main.Directory, HtmlReport.FileName));
        return new DemoResult(main, baseline);
    }
}
