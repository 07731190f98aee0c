using Distral.Agents.Replay;
using Distral.Agents.SoftQ;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.Tests;

/// <summary>A finished run's pi_0 as the prior of new tasks (frozen or trainable), and trunk initialisation.</summary>
public class SoftQTransferTests
{
    private static IEnv Plan(int k) => SoftQLearningTests.Plan(k);

    private static Module Net(IMultitaskAgent agent, string name) => agent.Networks.Single(n => n.Name == name).Network;

    private static float[] Flat(Module m) => [.. m.Parameters().SelectMany(p => p.ToArray())];

    private static SoftQOptions Small(SoftQOptions preset) =>
        preset with { HiddenSizes = [16, 16], BatchSize = 8, MinReplayToLearn = 8, NSteps = 3 };

    /// <summary>A pi_0 network of <paramref name="agent"/>'s shape whose logits are 0 everywhere: the uniform policy.</summary>
    private static Sequential UniformPrior(SoftQDistral agent)
    {
        var prior = Mlp.Create([3, 16, 16, agent.ActionCount], Activation.LeakyRelu, new Rng(5));
        var last = NetworkTransfer.Linears(prior)[^1];
        last.Weight.Span.Clear();
        last.Bias!.Span.Clear();
        return prior;
    }

    private static void FillReplay(SoftQDistral agent, int seed)
    {
        var rng = new Rng((ulong)seed);
        float[] s = new float[3], s2 = new float[3];
        for (int t = 0; t < 40; t++)
        {
            for (int k = 0; k < 3; k++) (s[k], s2[k]) = (rng.NextFloat() - 0.5f, rng.NextFloat() - 0.5f);
            agent.Replay(0).Add(s, rng.NextInt(agent.ActionCount), t % 7 == 6 ? 1f : -0.1f, s2, t % 7 == 6, false, t % 7);
        }
    }

    [Fact]
    public void AFrozenUniformPriorGivesTheSoftQAloneTargetsAndLosses()
    {
        var distral = new SoftQDistral([Plan(6)], Small(SoftQOptions.Distral2Col) with { PriorTrainable = false }, 7);
        distral.UsePrior(UniformPrior(distral));
        var alone = new SoftQDistral([Plan(6)], Small(SoftQOptions.SqlIndependent), 7);
        Net(alone, "task0").CopyParametersFrom(Net(distral, "task0"));
        FillReplay(distral, 3);
        FillReplay(alone, 3);

        var batch = new NStepBatch();
        distral.Replay(0).SampleNStep(new Rng(11), 8, 3, 0.99f, batch);
        var yDistral = new float[8];
        var yAlone = new float[8];
        distral.ComputeTargets(0, batch, yDistral);
        alone.ComputeTargets(0, batch, yAlone);
        for (int r = 0; r < 8; r++) Assert.Equal(yAlone[r], yDistral[r], 5);
        Assert.Contains(yAlone, y => MathF.Abs(y) > 1e-2f); // not a vacuous comparison of zeros

        // The same soft-Q steps (both agents draw their batches from identically seeded streams) give the same losses.
        for (int u = 0; u < 5; u++) Assert.Equal(alone.SoftQUpdate(0), distral.SoftQUpdate(0), 4);
        var a = Flat(Net(alone, "task0"));
        var d = Flat(Net(distral, "task0"));
        for (int k = 0; k < a.Length; k++) Assert.Equal(a[k], d[k], 5);
    }

    [Fact]
    public void AFrozenPriorIsBitUnchangedByTrainingAndATrainableOneMoves()
    {
        var source = new SoftQDistral([Plan(4)], Small(SoftQOptions.Distral2Col), 1);
        source.Train(3, NullTrainingObserver.Instance, CancellationToken.None);
        float[] prior = Flat(Net(source, "distilled"));

        var frozen = new SoftQDistral([Plan(7), Plan(8)], Small(SoftQOptions.Distral2Col) with { PriorTrainable = false }, 2);
        frozen.UsePrior(Net(source, "distilled"));
        Assert.Equal(prior, Flat(Net(frozen, "distilled")));
        frozen.Train(3, NullTrainingObserver.Instance, CancellationToken.None);
        Assert.Equal(prior, Flat(Net(frozen, "distilled")));

        var trainable = new SoftQDistral([Plan(7), Plan(8)], Small(SoftQOptions.Distral2Col), 2);
        trainable.UsePrior(Net(source, "distilled"));
        trainable.Train(3, NullTrainingObserver.Instance, CancellationToken.None);
        Assert.NotEqual(prior, Flat(Net(trainable, "distilled")));
    }

    [Fact]
    public void APriorOfAnotherShapeOrWithoutAPi0IsRefused()
    {
        var agent = new SoftQDistral([Plan(7)], Small(SoftQOptions.Distral2Col), 2);
        var wide = Mlp.Create([3, 32, 16, agent.ActionCount], Activation.LeakyRelu, new Rng(1));
        var e = Assert.Throws<ArgumentException>(() => agent.UsePrior(wide));
        Assert.Contains("architecture", e.Message, StringComparison.Ordinal);

        var alone = new SoftQDistral([Plan(7)], Small(SoftQOptions.SqlIndependent), 2);
        Assert.Null(alone.Prior);
        Assert.Throws<InvalidOperationException>(() => alone.UsePrior(Net(agent, "distilled")));
    }

    [Fact]
    public void TrunkInitialisationCopiesTheHiddenLayersOfEveryColumnAndKeepsFreshHeads()
    {
        var trunk = Mlp.Create([3, 16, 16], Activation.LeakyRelu, new Rng(9), output: Activation.LeakyRelu);
        var agent = new SoftQDistral([Plan(7), Plan(8)], Small(SoftQOptions.Distral2Col) with { TargetNetwork = TargetNetworkMode.Polyak }, 2);
        var headsBefore = agent.Networks.Select(n => NetworkTransfer.Linears((Sequential)n.Network)[^1].Weight.ToArray()).ToList();
        agent.InitialiseTrunks(NetworkTransfer.Linears(trunk));

        var source = NetworkTransfer.Linears(trunk);
        for (int c = 0; c < agent.Networks.Count; c++)
        {
            var layers = NetworkTransfer.Linears((Sequential)agent.Networks[c].Network);
            for (int l = 0; l < source.Count; l++)
            {
                Assert.Equal(source[l].Weight.ToArray(), layers[l].Weight.ToArray());
                Assert.Equal(source[l].Bias!.ToArray(), layers[l].Bias!.ToArray());
            }
            Assert.Equal(headsBefore[c], layers[^1].Weight.ToArray()); // the head is the new run's own
        }
        // The two task heads differ, so the columns are not copies of each other.
        Assert.NotEqual(headsBefore[1], headsBefore[2]);

        var deeper = Mlp.Create([3, 16, 16, 16], Activation.LeakyRelu, new Rng(9), output: Activation.LeakyRelu);
        var e = Assert.Throws<ArgumentException>(() => agent.InitialiseTrunks(NetworkTransfer.Linears(deeper)));
        Assert.Contains("3 hidden layers (3-16-16-16)", e.Message, StringComparison.Ordinal);
        var narrow = Mlp.Create([3, 8, 16], Activation.LeakyRelu, new Rng(9), output: Activation.LeakyRelu);
        e = Assert.Throws<ArgumentException>(() => agent.InitialiseTrunks(NetworkTransfer.Linears(narrow)));
        Assert.Contains("hidden layer 1 is 3->8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTargetNetworkStartsFromTheInitialisedColumn()
    {
        var trunk = Mlp.Create([3, 16, 16], Activation.LeakyRelu, new Rng(9), output: Activation.LeakyRelu);
        var agent = new SoftQDistral([Plan(7)], Small(SoftQOptions.SqlIndependent) with { TargetNetwork = TargetNetworkMode.Hard }, 2);
        agent.InitialiseTrunks(NetworkTransfer.Linears(trunk));
        FillReplay(agent, 4);
        var batch = new NStepBatch();
        agent.Replay(0).SampleNStep(new Rng(2), 8, 3, 0.99f, batch);
        var y = new float[8];
        agent.ComputeTargets(0, batch, y); // V from the target copy
        var online = new SoftQDistral([Plan(7)], Small(SoftQOptions.SqlIndependent), 2);
        Net(online, "task0").CopyParametersFrom(Net(agent, "task0"));
        var yOnline = new float[8];
        online.ComputeTargets(0, batch, yOnline); // V from the online column
        Assert.Equal(yOnline, y);
    }
}
