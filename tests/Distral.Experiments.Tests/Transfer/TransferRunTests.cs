using Distral.Agents;
using Distral.Nn;

using static Distral.Experiments.Tests.ResumeHelpers;
using static Distral.Experiments.Tests.TransferTestSupport;

namespace Distral.Experiments.Tests;

/// <summary>Runs on new tasks started from finished runs (keys `prior_run`, `prior_trainable`, `init_from`), end to end.</summary>
public class TransferRunTests(TransferSourceFixture sources) : IClassFixture<TransferSourceFixture>
{
    private static RunConfig Config(string algorithm, string extra, int episodes = 4, string hidden = "[8, 8]") =>
        ConfigLoader.Parse($"""
            algorithm: {algorithm}
            tasks: [plan7, plan8]
            seed: 5
            episodes: {episodes}
            max_episode_steps: 30
            hidden: {hidden}
            batch_size: 8
            min_replay: 8
            checkpoint_every: 2
            progress_every: 0
            {extra}
            """, "target.yaml");

    [Fact]
    public void TheNewRunStartsFromTheSourcePi0AndAFrozenOneEndsUnchanged()
    {
        var source = Flat(Network(RunLoader.Load(sources.Distral).Agent, "distilled"));
        Assert.Equal(source, Flat(Network(Build(Config("distral-2col-sql", Prior(sources.Distral))), "distilled")));

        string dir = NewRun();
        var result = ExperimentRunner.Run(new RunRequest { Config = Config("distral-2col-sql", Prior(sources.Distral, trainable: false)), OutputDirectory = dir });
        Assert.Equal(source, Flat(Network(RunLoader.Load(dir).Agent, "distilled")));
        Assert.Equal(new TransferSummary(sources.Distral, "prior-frozen", null), result.Summary.Transfer);
        var written = RunSummary.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")), "summary.json");
        Assert.Equal(result.Summary.Transfer, written.Transfer);
        string yaml = File.ReadAllText(Path.Combine(dir, "config.yaml"));
        Assert.Contains($"prior_run: \"{Escape(sources.Distral)}\"", yaml, StringComparison.Ordinal);
        Assert.Contains("prior_trainable: false", yaml, StringComparison.Ordinal);

        string trainable = NewRun();
        var moved = ExperimentRunner.Run(new RunRequest { Config = Config("distral-2col-sql", Prior(sources.Distral)), OutputDirectory = trainable });
        Assert.Equal("prior-trainable", moved.Summary.Transfer!.Mode);
        Assert.NotEqual(source, Flat(Network(RunLoader.Load(trainable).Agent, "distilled")));
    }

    [Fact]
    public void AFromScratchRunHasNoTransferRecord()
    {
        string dir = NewRun();
        var result = ExperimentRunner.Run(new RunRequest { Config = Config("sql-independent", "", episodes: 1), OutputDirectory = dir });
        Assert.Null(result.Summary.Transfer);
        Assert.DoesNotContain("\"transfer\"", File.ReadAllText(Path.Combine(dir, "summary.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("student")]
    [InlineData("distral")]
    public void InitFromCopiesTheSourceTrunkIntoEveryTaskColumn(string which)
    {
        string from = which == "student" ? sources.Student : sources.Distral;
        var trunk = RunTransfer.SharedTrunk(RunLoader.Load(from))!;
        var agent = Build(Config("sql-independent", Init(from)));
        foreach (string name in new[] { "task0", "task1" })
        {
            var layers = NetworkTransfer.Linears((Sequential)Network(agent, name));
            Assert.Equal(trunk.Count + 1, layers.Count);
            for (int l = 0; l < trunk.Count; l++) Assert.Equal(trunk[l].Weight.ToArray(), layers[l].Weight.ToArray());
        }
        string dir = NewRun();
        var result = ExperimentRunner.Run(new RunRequest { Config = Config("sql-independent", Init(from), episodes: 2), OutputDirectory = dir });
        Assert.Equal(new TransferSummary(from, "init", from), result.Summary.Transfer);
    }

    [Fact]
    public void ResumingATransferRunIsExact()
    {
        var config = Config("distral-2col-sql", Prior(sources.Distral) + "\n" + Init(sources.Student));
        string straight = NewRun();
        ExperimentRunner.Run(new RunRequest { Config = config, OutputDirectory = straight });

        string resumed = NewRun();
        ExperimentRunner.Run(new RunRequest { Config = config.With("episodes", 2L), OutputDirectory = resumed });
        var result = Resume(resumed, 4);
        Assert.Equal("init-prior-trainable", result.Summary.Transfer!.Mode);
        Assert.Equal(MetricsWithoutWall(straight), MetricsWithoutWall(resumed));
        AssertSameFinalNetworks(straight, resumed);
    }

    [Theory]
    [InlineData("sql-independent", "prior", "distral", "'sql-independent' has no distilled policy pi_0")]
    [InlineData("distral-2col-sql", "prior", "sql", "has no distilled policy pi_0 (network 'distilled')")]
    [InlineData("distral-2col-sql", "prior", "missing", "no such run directory")]
    [InlineData("sql-independent", "init", "sql", "has no shared network")]
    public void AnUnusableSourceIsOneLineNamingTheKeyAndNothingIsWritten(string algorithm, string key, string which, string expected)
    {
        string from = which switch { "distral" => sources.Distral, "sql" => sources.SoftQ, _ => Path.Combine(TestPaths.NewTempDirectory(), "nope") };
        AssertRefusedInOneLine(Config(algorithm, key == "prior" ? Prior(from) : Init(from)), key, expected);
    }

    [Theory]
    [InlineData("prior")]
    [InlineData("init")]
    public void OtherLayerSizesAreOneLineNamingTheKeyAndTheLayers(string key)
    {
        string from = key == "prior" ? sources.Distral : sources.Student;
        AssertRefusedInOneLine(Config("distral-2col-sql", key == "prior" ? Prior(from) : Init(from), hidden: "[8, 16]"), key, key == "init" ? ["does not fit this run", "hidden layer 2 is 8->8 in the source but 8->16"] : ["does not fit this run"]);
    }

    [Fact]
    public void TheReportHasATransferSectionOnlyWhenARunStartedFromAnother()
    {
        string scratch = NewRun(), frozen = NewRun();
        ExperimentRunner.Run(new RunRequest { Config = Config("distral-2col-sql", "", episodes: 2), OutputDirectory = scratch });
        ExperimentRunner.Run(new RunRequest { Config = Config("distral-2col-sql", Prior(sources.Distral, trainable: false), episodes: 2), OutputDirectory = frozen });

        string both = Path.Combine(TestPaths.NewTempDirectory(), "report.html");
        HtmlReport.Write([scratch, frozen], both);
        string html = File.ReadAllText(both);
        Assert.Contains("id=\"transfer\"", html, StringComparison.Ordinal);
        Assert.Contains("prior-frozen: " + sources.Distral, html, StringComparison.Ordinal);
        Assert.Contains(">scratch<", html, StringComparison.Ordinal);

        string alone = Path.Combine(TestPaths.NewTempDirectory(), "report.html");
        HtmlReport.Write([scratch], alone);
        Assert.DoesNotContain("id=\"transfer\"", File.ReadAllText(alone), StringComparison.Ordinal);
    }
}
