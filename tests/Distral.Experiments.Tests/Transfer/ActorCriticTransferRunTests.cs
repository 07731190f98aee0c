using Distral.Agents;
using Distral.Agents.ActorCritic;
using Distral.Nn;

using static Distral.Experiments.Tests.ResumeHelpers;
using static Distral.Experiments.Tests.TransferTestSupport;

namespace Distral.Experiments.Tests;

/// <summary>Actor-critic runs on new tasks started from finished runs (keys `prior_run`, `prior_trainable`, `init_from`), end to end.</summary>
public class ActorCriticTransferRunTests(ActorCriticTransferSourceFixture sources, TransferSourceFixture softQ)
    : IClassFixture<ActorCriticTransferSourceFixture>, IClassFixture<TransferSourceFixture>
{
    private static RunConfig Config(string algorithm, string extra, int episodes = 4, string hidden = "[8, 8]", string mode = "sync") =>
        ConfigLoader.Parse($"""
            algorithm: {algorithm}
            tasks: [plan7, plan8]
            seed: 5
            episodes: {episodes}
            max_episode_steps: 30
            hidden: {hidden}
            workers_per_task: 2
            unroll: 5
            workers_mode: {mode}
            threads: {(mode == "async" ? 2 : 1)}
            checkpoint_every: 2
            progress_every: 0
            {extra}
            """, "target.yaml");

    [Theory]
    [InlineData("sync")]
    [InlineData("async")]
    public void TheNewRunStartsFromTheSourcePi0AndAFrozenOneEndsUnchanged(string mode)
    {
        var source = Flat(Network(RunLoader.Load(sources.Distral).Agent, "distilled"));
        Assert.Equal(source, Flat(Network(Build(Config("kl-2col", Prior(sources.Distral))), "distilled")));

        string dir = NewRun();
        var result = ExperimentRunner.Run(new RunRequest { Config = Config("kl-2col", Prior(sources.Distral, trainable: false), mode: mode), OutputDirectory = dir });
        Assert.Equal(source, Flat(Network(RunLoader.Load(dir).Agent, "distilled")));
        Assert.Equal(new TransferSummary(sources.Distral, "prior-frozen", null), result.Summary.Transfer);
        var written = RunSummary.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")), "summary.json");
        Assert.Equal(result.Summary.Transfer, written.Transfer);
        Assert.Contains("prior_trainable: false", File.ReadAllText(Path.Combine(dir, "config.yaml")), StringComparison.Ordinal);

        string trainable = NewRun();
        var moved = ExperimentRunner.Run(new RunRequest { Config = Config("kl-ent-2col", Prior(sources.Distral), mode: mode), OutputDirectory = trainable });
        Assert.Equal("prior-trainable", moved.Summary.Transfer!.Mode);
        Assert.NotEqual(source, Flat(Network(RunLoader.Load(trainable).Agent, "distilled")));
    }

    [Fact]
    public void AFromScratchRunHasNoTransferRecord()
    {
        string dir = NewRun();
        var result = ExperimentRunner.Run(new RunRequest { Config = Config("a3c", "", episodes: 1), OutputDirectory = dir });
        Assert.Null(result.Summary.Transfer);
    }

    [Theory]
    [InlineData("multitask", "a3c")]
    [InlineData("multitask", "kl-2col")]
    [InlineData("distral", "a3c")]
    [InlineData("student", "a3c")]
    public void InitFromCopiesTheSourceTrunkIntoEveryColumn(string which, string algorithm)
    {
        string from = which switch { "multitask" => sources.Multitask, "distral" => sources.Distral, _ => softQ.Student };
        var trunk = RunTransfer.SharedTrunk(RunLoader.Load(from))!;
        Assert.Equal(2, trunk.Count);
        var agent = Build(Config(algorithm, Init(from)));
        Assert.Equal(algorithm == "a3c" ? 2 : 3, agent.Networks.Count);
        foreach (var (_, network) in agent.Networks)
        {
            var layers = ((MlpTorso)((ActorCriticColumn)network).Torso).Layers;
            for (int l = 0; l < trunk.Count; l++)
            {
                Assert.Equal(trunk[l].Weight.ToArray(), layers[l].Weight.ToArray());
                Assert.Equal(trunk[l].Bias!.ToArray(), layers[l].Bias!.ToArray());
            }
        }
        string dir = NewRun();
        var result = ExperimentRunner.Run(new RunRequest { Config = Config(algorithm, Init(from), episodes: 2), OutputDirectory = dir });
        Assert.Equal(new TransferSummary(from, "init", from), result.Summary.Transfer);
    }

    [Fact]
    public void InitFromAMultitaskMazeRunCopiesItsConvLstmTorsoIntoEveryColumn()
    {
        static RunConfig Maze(string algorithm, string tasks, string extra, string hidden = "[8, 8]") => ConfigLoader.Parse($"""
            algorithm: {algorithm}
            tasks: [{tasks}]
            seed: 2
            episodes: 1
            max_episode_steps: 20
            hidden: {hidden}
            workers_per_task: 2
            unroll: 5
            progress_every: 0
            {extra}
            """, "maze.yaml");
        string source = NewRun();
        ExperimentRunner.Run(new RunRequest { Config = Maze("a3c-multitask", "maze-0, maze-1", ""), OutputDirectory = source });
        var torso = ((ActorCriticColumn)Network(RunLoader.Load(source).Agent, "shared")).Torso;
        Assert.IsType<ConvLstmTorso>(torso);

        var agent = Build(Maze("kl-2col", "maze-6, maze-7", Init(source)));
        Assert.Equal(3, agent.Networks.Count);
        foreach (var (_, network) in agent.Networks) Assert.Equal(Flat(torso), Flat(((ActorCriticColumn)network).Torso));

        string dir = NewRun();
        var e = Assert.Throws<ConfigException>(() => ExperimentRunner.Run(new RunRequest
        {
            Config = Maze("a3c", "maze-6, maze-7", Init(source), hidden: "[8, 16]"),
            OutputDirectory = dir,
        }));
        Assert.StartsWith("key 'init_from': ", e.Message, StringComparison.Ordinal);
        Assert.Contains("does not have the source's architecture", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void ResumingATransferRunIsExact()
    {
        var config = Config("kl-2col", Prior(sources.Distral, trainable: false) + "\n" + Init(sources.Multitask));
        string straight = NewRun();
        ExperimentRunner.Run(new RunRequest { Config = config, OutputDirectory = straight });

        string resumed = NewRun();
        ExperimentRunner.Run(new RunRequest { Config = config.With("episodes", 2L), OutputDirectory = resumed });
        var result = Resume(resumed, 4);
        Assert.Equal("init-prior-frozen", result.Summary.Transfer!.Mode);
        Assert.Equal(MetricsWithoutWall(straight), MetricsWithoutWall(resumed));
        Assert.Equal(Scalars(straight), Scalars(resumed));
        AssertSameFinalNetworks(straight, resumed);
    }

    [Theory]
    [InlineData("a3c", "prior", "distral", "'a3c' has no distilled policy pi_0")]
    [InlineData("a3c-multitask", "prior", "distral", "'a3c-multitask' has no distilled policy pi_0")]
    [InlineData("kl-2col", "prior", "a3c", "its algorithm 'a3c' has no distilled policy pi_0")]
    [InlineData("kl-2col", "prior", "softq", "its algorithm 'distral-2col-sql' is of the soft-Q family, 'kl-2col' of the actor-critic family")]
    [InlineData("distral-2col-sql", "prior", "distral", "its algorithm 'kl-2col' is of the actor-critic family, 'distral-2col-sql' of the soft-Q family")]
    [InlineData("a3c", "init", "a3c", "has no shared network")]
    public void AnUnusableSourceIsOneLineNamingTheKeyAndNothingIsWritten(string algorithm, string key, string which, string expected)
    {
        string from = which switch { "distral" => sources.Distral, "a3c" => sources.A3c, _ => softQ.Distral };
        AssertRefusedInOneLine(Config(algorithm, key == "prior" ? Prior(from) : Init(from)), key, expected);
    }

    [Theory]
    [InlineData("prior")]
    [InlineData("init")]
    public void OtherLayerSizesAreOneLineNamingTheKeyAndTheLayers(string key)
    {
        string from = key == "prior" ? sources.Distral : sources.Multitask;
        AssertRefusedInOneLine(Config("kl-2col", key == "prior" ? Prior(from) : Init(from), hidden: "[8, 16]"), key,
            key == "init" ? ["does not fit this run", "hidden layer 2 is 8->8 in the source but 8->16"] : ["does not fit this run"]);
    }
}
