using Distral.Envs;

namespace Distral.Experiments.Tests.Loading;

public class RunLoaderTests
{
    private static readonly Lazy<RunResult> Trained = new(() => ExperimentRunner.Run(new RunRequest
    {
        Config = RunConfig.Default.With("algorithm", "distral-2col-sql").With("tasks", new[] { "plan6" }).With("episodes", 3L)
            .With("max_episode_steps", 40L).With("hidden", new long[] { 8 }).With("batch_size", 16L).With("min_replay", 16L),
        OutputDirectory = Path.Combine(TestPaths.NewTempDirectory(), "run"),
    }));

    private static string CopyOfRun()
    {
        string source = Trained.Value.Directory, target = Path.Combine(TestPaths.NewTempDirectory(), "copy");
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    [Fact]
    public void TheLoadedAgentActsAsTheTrainedOne()
    {
        var run = RunLoader.Load(Trained.Value.Directory);
        Assert.Equal("distral-2col-sql", run.Config.Algorithm);
        Assert.Equal(["plan6"], run.Tasks.Select(t => t.Name));
        Assert.Equal("distral-2col-sql", run.Metadata["algorithm"]);
        // Greedy on a fixed-start map is deterministic: the loaded policy repeats the run's own greedy evaluation.
        var targets = RunEvaluator.Plan(run, null, null, distilled: true);
        var results = RunEvaluator.Evaluate(run, targets, episodes: 2, greedy: true);
        var task = Trained.Value.Summary.Tasks[0];
        Assert.Equal(task.GreedySteps, results[0].MeanSteps);
        Assert.Equal(task.GreedyReturn, results[0].MeanReturn, 5);
        Assert.Equal(Trained.Value.Summary.Distilled!.GreedySteps[0], results[1].MeanSteps);
        Assert.Equal(task.GreedySteps < 40 ? 1.0 : 0.0, results[0].SuccessRate);
        // The per-cell view averages to the figures summary.json reports (on two-room runs).
        var corridor = CorridorProbe.Averages(run);
        var cells = CorridorProbe.PerCell(run);
        Assert.Equal(8, cells.Count);
        Assert.Equal(corridor.PContinue, cells.Average(c => c.Probabilities[c.PreviousAction]), 5);
        Assert.Equal(corridor.PVertical, cells.Average(c => c.Probabilities[GridWorld.Up] + c.Probabilities[GridWorld.Down]), 5);
    }

    [Fact]
    public void PlanPicksOwnPoliciesPi0ForNewTasksAndRefusesImpossibleOnes()
    {
        var run = RunLoader.Load(Trained.Value.Directory);
        var plan = RunEvaluator.Plan(run, ["plan6", "plan4"], null, distilled: false);
        Assert.Equal([("plan6", "task0", true), ("plan4", "distilled", false)], plan.Select(t => (t.Task.Name, t.Policy.Name, t.IsTrainingTask)));
        Assert.Equal(["task0", "task0"], RunEvaluator.Plan(run, ["plan6", "plan4"], new EvalPolicy(0), distilled: false).Select(t => t.Policy.Name));
        Assert.Contains("task0..task0", Assert.Throws<ConfigException>(() => RunEvaluator.Plan(run, null, new EvalPolicy(1), false)).Message);
        var cartpole = RunEvaluator.Plan(run, ["cartpole"], null, false);
        Assert.Contains("do not fit", Assert.Throws<ConfigException>(() => RunEvaluator.Evaluate(run, cartpole, 1, true)).Message);
        Assert.Contains("must be at least 1", Assert.Throws<ConfigException>(() => RunEvaluator.Evaluate(run, plan, 0, true)).Message);
    }

    [Theory]
    [InlineData("distral")]
    [InlineData("pi0")]
    [InlineData("task")]
    [InlineData("task-1")]
    public void PolicyNamesParseOrFail(string text)
    {
        if (text == "pi0") Assert.True(EvalPolicy.Parse(text, "--policy").IsDistilled);
        else Assert.Throws<ConfigException>(() => EvalPolicy.Parse(text, "--policy"));
        Assert.Equal(new EvalPolicy(12), EvalPolicy.Parse("task12", "--policy"));
    }

    [Fact]
    public void DamagedRunsAreOneLineConfigErrorsNamingTheFile()
    {
        string truncated = CopyOfRun();
        string file = Path.Combine(truncated, "checkpoints", "final", "task0.safetensors");
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..20]);
        var e = Assert.Throws<ConfigException>(() => RunLoader.Load(truncated));
        Assert.Contains(file, e.Message);
        Assert.DoesNotContain('\n', e.Message);

        string missing = CopyOfRun();
        File.Delete(Path.Combine(missing, "checkpoints", "final", "distilled.safetensors"));
        Assert.Contains("distilled.safetensors is missing", Assert.Throws<ConfigException>(() => RunLoader.Load(missing)).Message);
        // The report still renders and says why there are no pictures.
        Assert.Contains("distilled.safetensors is missing", SvgPolicyMaps.FromCheckpoint(missing).Note);

        string noConfig = CopyOfRun();
        File.Delete(Path.Combine(noConfig, "config.yaml"));
        Assert.Contains("no config.yaml", Assert.Throws<ConfigException>(() => RunLoader.Load(noConfig)).Message);
    }

    [Fact]
    public void CellPolicyFillsFreeCellsOnly()
    {
        var world = new GridWorld(ThesisPlans.Map(6));
        var policy = SvgPolicyMaps.CellPolicy(world, world.ObservationSpace.Size, (obs, probs) => probs.Fill(0.25f));
        for (int cell = 0; cell < world.Map.Rows * world.Map.Cols; cell++)
        {
            var p = world.Map.CellAt(cell);
            float expected = world.Map.IsFree(p) && p != world.Map.Goal ? 0.25f : 0f;
            Assert.Equal(expected, policy[4 * cell]);
        }
        Assert.True(SvgPolicyMaps.EncodesFor(world, world.ObservationSpace.Size));
    }
}
