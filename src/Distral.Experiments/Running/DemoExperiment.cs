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
}
