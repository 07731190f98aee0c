namespace Distral.Experiments.Tests;

/// <summary>
/// Tiny finished runs the distillation tests learn from: a soft-Q run, actor-critic runs with an MLP torso (1col and
/// 2col), and a conv + LSTM actor-critic run on the mazes (refused).
/// </summary>
public sealed class TeacherRunFixture
{
    public TeacherRunFixture()
    {
        SoftQRun = TransferTestSupport.TrainSource("sql-independent", "sql-teacher", "batch_size: 8\nmin_replay: 8");
        ActorCriticRun = Path.Combine(TestPaths.NewTempDirectory(), "ac-teacher");
        ExperimentRunner.Run(new RunRequest
        {
            Config = ConfigLoader.Parse("""
                algorithm: a3c
                tasks: [plan5, plan6]
                seed: 3
                episodes: 2
                max_episode_steps: 30
                hidden: [8]
                progress_every: 0
                """, "ac.yaml"),
            OutputDirectory = ActorCriticRun,
        });
        ActorCritic2ColRun = Path.Combine(TestPaths.NewTempDirectory(), "ac-2col-teacher");
        ExperimentRunner.Run(new RunRequest
        {
            Config = ConfigLoader.Parse("""
                algorithm: kl-2col
                tasks: [plan5, plan6]
                seed: 3
                episodes: 2
                max_episode_steps: 30
                hidden: [8]
                workers_per_task: 2
                workers_mode: sync
                progress_every: 0
                """, "ac-2col.yaml"),
            OutputDirectory = ActorCritic2ColRun,
        });
        RecurrentRun = Path.Combine(TestPaths.NewTempDirectory(), "ac-maze-teacher");
        ExperimentRunner.Run(new RunRequest
        {
            Config = ConfigLoader.Parse("""
                algorithm: a3c
                tasks: [maze-0]
                seed: 3
                episodes: 1
                max_episode_steps: 10
                hidden: [8]
                workers_per_task: 1
                workers_mode: sync
                progress_every: 0
                """, "ac-maze.yaml"),
            OutputDirectory = RecurrentRun,
        });
    }

    /// <summary>A finished sql-independent run on plan5 and plan6.</summary>
    public string SoftQRun { get; }

    /// <summary>A finished a3c run on plan5 and plan6.</summary>
    public string ActorCriticRun { get; }

    /// <summary>A finished kl-2col run on plan5 and plan6.</summary>
    public string ActorCritic2ColRun { get; }

    /// <summary>A finished a3c run on maze-0 (conv + LSTM columns).</summary>
    public string RecurrentRun { get; }
}
