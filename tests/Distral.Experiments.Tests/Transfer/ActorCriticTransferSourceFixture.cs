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

    private static string Train(string algorithm, string name) =>
        TransferTestSupport.TrainSource(algorithm, name, "workers_per_task: 2\nunroll: 5");
}
