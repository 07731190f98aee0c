using Distral.Agents.ActorCritic;
using Distral.Agents.Tests.ActorCritic;
using Distral.Envs;
using Distral.Nn;
using Distral.Tensors;

namespace Distral.Agents.Tests;

/// <summary>Actor-critic transfer: h (pi_0) as the prior of new tasks (frozen or trainable), and trunk initialisation.</summary>
public class ActorCriticTransferTests
{
    private const int Workers = 2;

    private static IReadOnlyList<IReadOnlyList<IEnv>> Envs(string[] tasks) =>
        [.. tasks.Select((name, i) => (IReadOnlyList<IEnv>)[.. Enumerable.Range(0, Workers)
            .Select(w => (IEnv)new TimeLimit(TaskRegistry.Default.Make(name, 100 * i + w), 40))])];

    private static ActorCriticOptions Small(ActorCriticOptions preset, bool async = false) => preset with
    {
        WorkersPerTask = Workers, UnrollLength = 5, HiddenSizes = [16, 16],
        WorkersMode = async ? ActorCriticWorkersMode.Async : ActorCriticWorkersMode.Sync, Threads = async ? 2 : 1,
    };

    private static ActorCriticDistral Agent(ActorCriticOptions options, string[] tasks, ulong seed) => new(Envs(tasks), options, seed);

    private static Module Net(IMultitaskAgent agent, string name) => agent.Networks.Single(n => n.Name == name).Network;

    private static float[] Flat(Module m) => [.. m.Parameters().SelectMany(p => p.ToArray())];

    private static void Train(ActorCriticDistral agent, int episodes) => agent.Train(episodes, NullTrainingObserver.Instance, CancellationToken.None);

    /// <summary>An h column of the agent's shape whose policy head is zero: logits 0 everywhere, the uniform policy.</summary>
    private static ActorCriticColumn UniformPrior(int actions)
    {
        var rng = new Rng(5);
        var prior = new ActorCriticColumn(new MlpTorso(3, [16, 16], rng), actions, 0, rng);
        prior.PolicyHead.Weight.Span.Clear();
        prior.PolicyHead.Bias!.Span.Clear();
        return prior;
    }

    [Theory]
    [InlineData("kl-2col", false)]
    [InlineData("kl-1col", false)]
    [InlineData("kl-ent-2col", true)]
    [InlineData("kl-1col", true)]
    public void AFrozenPriorIsBitUnchangedByTrainingAndATrainableOneMoves(string preset, bool async)
    {
        var source = Agent(Small(ActorCriticOptions.Preset(preset)!), ["plan4"], 1);
        Train(source, 2);
        float[] prior = Flat(source.Prior!);

        var frozen = Agent(Small(ActorCriticOptions.Preset(preset)!, async) with { PriorTrainable = false }, ["plan7", "plan8"], 2);
        frozen.UsePrior(source.Prior!);
        Assert.Equal(prior, Flat(Net(frozen, "distilled")));
        var tasksBefore = Flat(Net(frozen, "task0"));
        Train(frozen, 3);
        Assert.Equal(prior, Flat(Net(frozen, "distilled")));
        Assert.NotEqual(tasksBefore, Flat(Net(frozen, "task0"))); // the task columns did learn
        Assert.DoesNotContain(frozen.StateOptimizers, o => o.Name == "distilled"); // no optimizer, no statistics to save

        var trainable = Agent(Small(ActorCriticOptions.Preset(preset)!, async), ["plan7", "plan8"], 2);
        trainable.UsePrior(source.Prior!);
        Train(trainable, 3);
        Assert.NotEqual(prior, Flat(Net(trainable, "distilled")));
    }

    /// <summary>
    /// The identity: with pi_0 uniform (h logits 0) the per-state regulariser of every alpha is
    /// sum_a pi_i ((alpha/beta) log(1/A) - (1/beta) log pi_i) = (1/beta) H(pi_i) - (alpha/beta) log A, A3C's entropy bonus
    /// with cost 1/beta plus a constant; the raw-reward returns (`per-state`) do not see pi_0; and in 2col the task logits
    /// alpha * 0 + u_i are u_i. So the task columns' gradients are A3C's (same beta); with `sampled` or `expected-now`
    /// the constant enters the returns and the identity does not hold.
    /// </summary>
    [Theory]
    [InlineData(1f)]
    [InlineData(0.5f)]
    public void AUniformPriorGivesTheA3cPolicyGradientOnAFixedRollout(float alpha)
    {
        var kl = ActorCriticOptions.Kl2Col with { Alpha = alpha, Beta = 2f, Gamma = 0.9f, UnrollLength = 3, Regulariser = RegulariserForm.PerState };
        var a3c = ActorCriticOptions.A3c with { Beta = 2f, Gamma = 0.9f, UnrollLength = 3, Regulariser = RegulariserForm.PerState };
        var withPrior = ObjectiveCase.Random(kl, tasks: 2, copies: 2, seed: 4);
        var alone = ObjectiveCase.Random(a3c, tasks: 2, copies: 2, seed: 4);
        Array.Clear(withPrior.H);
        Array.Clear(alone.H);
        var (lossKl, gradsKl, valueGradsKl, _) = withPrior.Run();
        var (lossA3c, gradsA3c, valueGradsA3c, _) = alone.Run();

        Assert.Equal(lossA3c.PolicyGradient, lossKl.PolicyGradient);
        Assert.Equal(lossA3c.Value, lossKl.Value);
        Assert.Equal(lossA3c.Entropy, lossKl.Entropy);
        Assert.Equal(lossA3c.Regulariser + 2 * alpha / 2f * Math.Log(ObjectiveCase.Actions), lossKl.Regulariser, 5); // the constant, per task
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(valueGradsA3c[i], valueGradsKl[i]);
            Assert.Contains(gradsA3c[i], x => MathF.Abs(x) > 1e-2f); // not a comparison of zeros
            for (int k = 0; k < gradsA3c[i].Length; k++) Assert.Equal(gradsA3c[i][k], gradsKl[i][k], 6);
        }
    }

    [Theory]
    [InlineData("kl-2col")]
    [InlineData("kl-ent-1col")]
    public void AFrozenUniformPriorTrainsTheTaskColumnsAsA3c(string preset)
    {
        // Same seed: the task columns start equal (they are initialised before h) and, the logits being equal, the
        // same actions are drawn; only the float rounding of the regulariser's constant separates the two.
        var distral = Agent(Small(ActorCriticOptions.Preset(preset)!) with { PriorTrainable = false }, ["plan7", "plan8"], 6);
        distral.UsePrior(UniformPrior(distral.ActionCount));
        var a3c = Agent(Small(ActorCriticOptions.A3c), ["plan7", "plan8"], 6);
        Assert.Equal(Flat(Net(a3c, "task0")), Flat(Net(distral, "task0")));
        distral.RunUpdates(20, NullTrainingObserver.Instance);
        a3c.RunUpdates(20, NullTrainingObserver.Instance);
        Assert.Equal(a3c.EpisodesDone(0), distral.EpisodesDone(0));
        foreach (string name in new[] { "task0", "task1" })
        {
            var (expected, actual) = (Flat(Net(a3c, name)), Flat(Net(distral, name)));
            for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], actual[k], 5);
        }
    }

    [Fact]
    public void APriorOfAnotherShapeOrWithoutAnHColumnIsRefused()
    {
        var agent = Agent(Small(ActorCriticOptions.Kl2Col), ["plan7"], 2);
        var rng = new Rng(1);
        var wide = new ActorCriticColumn(new MlpTorso(3, [32, 16], rng), agent.ActionCount, 0, rng);
        var e = Assert.Throws<ArgumentException>(() => agent.UsePrior(wide));
        Assert.Contains("architecture", e.Message, StringComparison.Ordinal);
        var softQ = Mlp.Create([3, 16, 16, agent.ActionCount], Activation.LeakyRelu, new Rng(1));
        Assert.Throws<ArgumentException>(() => agent.UsePrior(softQ));

        var a3c = Agent(Small(ActorCriticOptions.A3c), ["plan7"], 2);
        Assert.Null(a3c.Prior);
        Assert.Throws<InvalidOperationException>(() => a3c.UsePrior(agent.Prior!));
        Assert.Null(a3c.SharedTrunk); // separate task networks share nothing
    }

    [Fact]
    public void AMultitaskA3cTrunkInitialisesTheTorsoOfEveryColumnAndKeepsFreshHeads()
    {
        var multitask = Agent(Small(ActorCriticOptions.A3cMultitask), ["plan4", "plan5"], 3);
        Train(multitask, 1);
        var trunk = multitask.SharedTrunk!;
        Assert.Same(((MlpTorso)((ActorCriticColumn)Net(multitask, "shared")).Torso).Layers, trunk);

        var agent = Agent(Small(ActorCriticOptions.Kl2Col), ["plan7", "plan8"], 2);
        var columns = agent.Networks.Select(n => (ActorCriticColumn)n.Network).ToList();
        var headsBefore = columns.Select(c => c.PolicyHead.Weight.ToArray()).ToList();
        var valuesBefore = columns.Select(c => c.ValueHead?.Weight.ToArray()).ToList();
        agent.InitialiseTrunks(trunk);
        Assert.Equal(3, columns.Count); // h, task0, task1
        for (int c = 0; c < columns.Count; c++)
        {
            var layers = ((MlpTorso)columns[c].Torso).Layers;
            for (int l = 0; l < trunk.Count; l++)
            {
                Assert.Equal(trunk[l].Weight.ToArray(), layers[l].Weight.ToArray());
                Assert.Equal(trunk[l].Bias!.ToArray(), layers[l].Bias!.ToArray());
            }
            Assert.Equal(headsBefore[c], columns[c].PolicyHead.Weight.ToArray());
            Assert.Equal(valuesBefore[c], columns[c].ValueHead?.Weight.ToArray());
        }
        Assert.NotEqual(headsBefore[1], headsBefore[2]);

        var narrow = Agent(Small(ActorCriticOptions.A3c) with { HiddenSizes = [16, 8] }, ["plan7"], 2);
        var e = Assert.Throws<ArgumentException>(() => narrow.InitialiseTrunks(trunk));
        Assert.Contains("hidden layer 2 is 16->16 in the source but 16->8 in column 'task0'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void ADistralRunSharesItsPi0TorsoAndConvTorsosAreRefused()
    {
        var distral = Agent(Small(ActorCriticOptions.KlEnt1Col), ["plan4"], 3);
        Assert.Same(((MlpTorso)((ActorCriticColumn)distral.Prior!).Torso).Layers, distral.SharedTrunk);

        var image = new ActorCriticDistral(Envs(["plan7"]), Small(ActorCriticOptions.A3c), 2,
            (_, r) => new PixelTorso(r));
        var e = Assert.Throws<ArgumentException>(() => image.InitialiseTrunks(distral.SharedTrunk!));
        Assert.Contains("only MLP torsos", e.Message, StringComparison.Ordinal);
        Assert.Null(image.SharedTrunk);
    }

    /// <summary>Conv + LSTM torsos over the plans' 3 floats seen as a 3 x 1 x 1 image (tiny layers).</summary>
    private static ActorCriticDistral ConvAgent(ActorCriticOptions preset, string[] tasks, ulong seed, int lstm = 4) =>
        new(Envs(tasks), Small(preset), seed, (_, rng) => new ConvLstmTorso(3, 1, 1, 2, 2, 4, lstm, rng));

    [Fact]
    public void AMultitaskConvLstmTorsoInitialisesEveryColumnWholeAndAnotherSizeIsRefused()
    {
        var multitask = ConvAgent(ActorCriticOptions.A3cMultitask, ["plan4", "plan5"], 3);
        Train(multitask, 1);
        Assert.Null(multitask.SharedTrunk); // not a list of dense layers
        var torso = multitask.SharedTorso!;
        Assert.Same(((ActorCriticColumn)Net(multitask, "shared")).Torso, torso);

        var agent = ConvAgent(ActorCriticOptions.Kl2Col, ["plan7", "plan8"], 2);
        var columns = agent.Networks.Select(n => (ActorCriticColumn)n.Network).ToList();
        var headsBefore = columns.Select(c => c.PolicyHead.Weight.ToArray()).ToList();
        agent.InitialiseTorsos(torso);
        for (int c = 0; c < columns.Count; c++)
        {
            Assert.Equal(Flat(torso), Flat(columns[c].Torso));
            Assert.Equal(headsBefore[c], columns[c].PolicyHead.Weight.ToArray());
        }
        agent.RunUpdates(2, NullTrainingObserver.Instance); // and it trains from there

        var wider = ConvAgent(ActorCriticOptions.A3c, ["plan7"], 2, lstm: 8);
        var e = Assert.Throws<ArgumentException>(() => wider.InitialiseTorsos(torso));
        Assert.Contains("the torso of column 'task0' does not have the source's architecture", e.Message, StringComparison.Ordinal);
        var mlp = Agent(Small(ActorCriticOptions.A3c), ["plan7"], 2);
        Assert.Throws<ArgumentException>(() => mlp.InitialiseTorsos(torso));
        var dense = Agent(Small(ActorCriticOptions.KlEnt1Col), ["plan4"], 3).SharedTrunk!;
        Assert.Contains("only MLP torsos", Assert.Throws<ArgumentException>(() => agent.InitialiseTrunks(dense)).Message, StringComparison.Ordinal);
    }

    /// <summary>A stand-in non-MLP torso over the plans' 3-float observations.</summary>
    private sealed class PixelTorso : Torso
    {
        private readonly Linear _layer;

        public PixelTorso(Rng rng) => _layer = RegisterModule("layer", new Linear(3, 16, rng));

        public override int FeatureSize => 16;

        public override Tensor Features(Graph g, Tensor observations, LstmState? state, ReadOnlySpan<bool> episodeStarts) =>
            _layer.Forward(g, observations);
    }
}
