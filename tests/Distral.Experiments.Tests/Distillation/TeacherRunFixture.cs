namespace Distral.Experiments.Tests;

/// <summary>Tiny finished runs the distillation tests learn from: a soft-Q teacher run and an actor-critic run (refused).</summary>
public sealed class TeacherRunFixture
{
    public TeacherRunFixture()
    {
        SoftQRun = Path.Combine(TestPaths.NewTempDirectory(), "sql-teacher");
        ExperimentRunner.Run(new RunRequest
        {
            Config = ConfigLoader.Parse("""
                algorithm: sql-independent
                tasks: [plan5, plan6]
                seed: 3
                episodes: 3
                max_episode_steps: 30
                hidden: [8, 8]
                batch_size: 8
                min_replay: 8
                progress_every: 0
                """, "teacher.yaml"),
            OutputDirectory = SoftQRun,
        });
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
    }

    /// <summary>A finished sql-independent run on plan5 and plan6.</summary>
    public string SoftQRun { get; }

    /// <summary>A finished a3c run on plan5 and plan6.</summary>
    public string ActorCriticRun { get; }
}
