namespace Distral.Experiments.Tests;

/// <summary>Tiny finished actor-critic source runs on plan5 and plan6 (hidden [8, 8]): kl-2col, a3c-multitask and a3c.</summary>
public sealed class ActorCriticTransferSourceFixture
{
    public ActorCriticTransferSourceFixture()
    {
        Distral = Train("kl-2col", "source-kl-2col");
        Multitask = Train("a3c-multitask", "source-a3c-multitask");
        A3c = Train("a3c", "source-a3c");
    }

    /// <summary>A finished kl-2col run.</summary>
    public string Distral { get; }

    /// <summary>A finished a3c-multitask run (one shared network).</summary>
    public string Multitask { get; }

    /// <summary>A finished a3c run (separate task networks, no pi_0).</summary>
    public string A3c { get; }

    private static string Train(string algorithm, string name)
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), name);
        ExperimentRunner.Run(new RunRequest
        {
            Config = ConfigLoader.Parse($"""
                algorithm: {algorithm}
                tasks: [plan5, plan6]
                seed: 3
                episodes: 3
                max_episode_steps: 30
                hidden: [8, 8]
                workers_per_task: 2
                unroll: 5
                progress_every: 0
                """, name + ".yaml"),
            OutputDirectory = dir,
        });
        return dir;
    }
}
