using Distral.Envs;

namespace Distral.Experiments.Tests;

public class TwoRoomConfigTests
{
    private static RunConfig Shipped() =>
        ConfigLoader.Load(Path.Combine(TestPaths.RepoRoot(), "configs", "paper", "two-room.yaml"));

    [Fact]
    public void ShippedTwoRoomConfigHasTheDocumentedSettings()
    {
        var config = Shipped();
        ConfigLoader.ValidateCombination(config, "two-room.yaml");
        Assert.Equal("distral-2col-sql", config.Algorithm);
        Assert.Equal(1.0, config.GetDouble("alpha"), 9);
        Assert.Equal(20.0, config.GetDouble("beta"), 9);
        Assert.Equal(0.99, config.GetDouble("gamma"), 9);
        Assert.Equal(0.0003, config.GetDouble("lr_distilled"), 9);
        Assert.Equal(0.2, config.GetDouble("prior_floor"), 9);
        Assert.Equal("thesis", config.Observation);
        Assert.Equal(10, config.GetInt("n_steps"));
        Assert.Equal(600, config.Episodes);
        Assert.Equal(100, config.MaxEpisodeSteps);
        Assert.Equal("boltzmann", config.GetString("exploration"));
        Assert.Equal("expected", config.GetString("distillation_loss"));
        var tasks = TaskResolver.Resolve(config.Tasks);
        Assert.Equal(5, tasks.Count);
        Assert.All(tasks, t => Assert.True(t.IsTwoRoomRandom));
    }

    [Fact]
    public void DemoIsTheShippedConfigWithFewerTasksAndEpisodes()
    {
        var demo = DemoExperiment.Config;
        var expected = Shipped();
        foreach (string key in new[] { "algorithm", "alpha", "beta", "n_steps", "max_episode_steps", "exploration", "distillation_loss", "gamma", "lr_task", "lr_distilled", "prior_floor", "observation" })
            Assert.Equal(expected.ToYaml().Split('\n').Single(l => l.StartsWith(key + ":", StringComparison.Ordinal)),
                demo.ToYaml().Split('\n').Single(l => l.StartsWith(key + ":", StringComparison.Ordinal)));
        Assert.Equal(5, TaskResolver.Resolve(demo.Tasks).Count);
        Assert.Equal(100, demo.Episodes);
    }

    [Fact]
    public void CorridorObservationIsWhatTheEnvProducesAfterMovingThroughTheCorridor()
    {
        var env = TwoRoomRandom.Create(3, seed: 5);
        var obs = new float[3];
        foreach (var cell in Evaluation.CorridorCells)
        {
            foreach (int direction in new[] { GridWorld.Left, GridWorld.Right })
            {
                Evaluation.CorridorObservation(new GridWorld(ThesisPlans.Map(4)), cell, direction, obs);
                // The thesis encoding of (cell, previous action, plain step reward -0.1).
                Assert.Equal(2f * (10 * cell.Row + cell.Col) / 90f - 1f, obs[0], 6);
                Assert.Equal((direction - 2) / 4f, obs[1], 6);
                Assert.Equal(-0.1f, obs[2], 6);
                // The same as a real step of a family member with a different goal.
                env.Reset(0);
                env.SetAgent(GridWorld.Move(cell, direction == GridWorld.Left ? GridWorld.Right : GridWorld.Left));
                Assert.Equal(obs, env.Step(direction).Observation.ToArray());
            }
        }
    }

    [Fact]
    public void OneHotObservationReachesTrainingEvaluationAndTheCorridorProbe()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "run");
        var config = ConfigLoader.ApplyOverrides(Shipped(),
            ["tasks=two-room-random:0..1", "episodes=2", "max_episode_steps=10", "hidden=8", "batch_size=8", "min_replay=8",
             "observation=one-hot", "prior_floor=0.05"]);
        var tasks = TaskResolver.Resolve(config);
        var env = tasks[1].Spec.Create(3);
        Assert.Equal(95, env.ObservationSpace.Size);
        // Same map, goal and start stream as the thesis-encoded task: only the observation changes.
        var thesis = (GridWorld)TaskResolver.Resolve(config.Tasks)[1].Spec.Create(3);
        env.Reset(7);
        thesis.Reset(7);
        var world = Assert.IsType<GridWorld>(env);
        Assert.Equal(thesis.Agent, world.Agent);
        Assert.Equal(thesis.Map.Goal, world.Map.Goal);

        var result = ExperimentRunner.Run(new RunRequest { Config = config, OutputDirectory = dir });
        var corridor = Assert.IsType<CorridorSummary>(result.Summary.Pi0Corridor);
        Assert.InRange(corridor.PContinue + corridor.PVertical, 0.0, 1.0 + 1e-6);
        // The saved run loads back with the same observations (eval, show, the corridor probe).
        var run = RunLoader.Load(dir);
        Assert.Equal(95, run.Envs[0].ObservationSpace.Size);
        var again = CorridorProbe.Averages(run);
        Assert.Equal(corridor.PContinue, again.PContinue, 6);
        Assert.Equal(corridor.PVertical, again.PVertical, 6);
    }

    [Fact]
    public void UnknownObservationIsRefusedWithTheValidValues()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.ApplyOverrides(Shipped(), ["observation=onehot"]));
        Assert.Contains("observation", e.Message);
        Assert.Contains("one-hot", e.Message);
    }

    [Fact]
    public void FewEpisodesOfTheShippedConfigProduceCorridorFigures()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "run");
        var config = ConfigLoader.ApplyOverrides(Shipped(),
            ["tasks=two-room-random:0..1", "episodes=2", "max_episode_steps=10", "hidden=8", "batch_size=8", "min_replay=8", "checkpoints=false"]);
        var result = ExperimentRunner.Run(new RunRequest { Config = config, OutputDirectory = dir });
        var corridor = Assert.IsType<CorridorSummary>(result.Summary.Pi0Corridor);
        Assert.InRange(corridor.PContinue, 0.0, 1.0);
        Assert.InRange(corridor.PVertical, 0.0, 1.0);
        Assert.True(corridor.PContinue + corridor.PVertical <= 1.0 + 1e-6);
    }
}
