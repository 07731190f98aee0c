using Distral.Agents.PolicyDistillation;

using static Distral.Experiments.Tests.ResumeHelpers;

namespace Distral.Experiments.Tests;

/// <summary>
/// policy-distillation and actor-mimic runs end to end, taught by a finished soft-Q or actor-critic run (key `teachers`), and every
/// problem with that run reported as one line naming the key.
/// </summary>
public class DistillationRunTests(TeacherRunFixture teachers) : IClassFixture<TeacherRunFixture>
{
    private RunConfig Config(string algorithm, int episodes = 3, string tasks = "[plan6, plan5]", string? teacherDir = null, string extra = "") =>
        ConfigLoader.Parse($"""
            algorithm: {algorithm}
            tasks: {tasks}
            seed: 2
            episodes: {episodes}
            max_episode_steps: 30
            checkpoint_every: 2
            progress_every: 0
            teachers: "{(teacherDir ?? teachers.SoftQRun).Replace("\\", "\\\\", StringComparison.Ordinal)}"
            student_hidden: [8, 8]
            distill_batch: 8
            distill_min_replay: 8
            {extra}
            """, "student.yaml");

    [Theory]
    [InlineData("policy-distillation", "distill_loss: nll")]
    [InlineData("policy-distillation", "distill_loss: mse")]
    [InlineData("policy-distillation", "distill_loss: kl")]
    [InlineData("actor-mimic", "")]
    public void StudentTrainsEndToEndFromTheTeacherRun(string algorithm, string extra)
    {
        string dir = NewRun();
        var result = ExperimentRunner.Run(new RunRequest { Config = Config(algorithm, extra: extra), OutputDirectory = dir });

        Assert.Equal(algorithm, result.Summary.Algorithm);
        Assert.True(File.Exists(Path.Combine(dir, "summary.json")));
        var metrics = File.ReadAllLines(Path.Combine(dir, "metrics.csv"));
        Assert.True(metrics.Length >= 1 + 2 * 3, string.Join("\n", metrics));
        Assert.True(result.Summary.EnvSteps > 0);
        Assert.Contains($"teachers: \"{teachers.SoftQRun.Replace("\\", "\\\\", StringComparison.Ordinal)}\"", File.ReadAllText(Path.Combine(dir, "config.yaml")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "checkpoints", "final", "trunk.safetensors")));

        // summary.json compares the student with its teachers: the same greedy episode with the teacher acting.
        var teacherRun = RunSummary.Parse(File.ReadAllText(Path.Combine(teachers.SoftQRun, "summary.json")), "teacher");
        var written = RunSummary.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")), "student");
        Assert.NotNull(written.Teachers);
        Assert.Equal(written.Tasks.Count, written.Teachers!.GreedySteps.Count);
        for (int i = 0; i < written.Tasks.Count; i++)
        {
            var same = teacherRun.Tasks.Single(t => t.Name == written.Tasks[i].Name);
            Assert.Equal(same.GreedySteps, written.Teachers.GreedySteps[i]); // plans start where they always do
        }
        Assert.Null(written.Distilled);
        Assert.Contains("\"reached_teachers\":", File.ReadAllText(Path.Combine(dir, "summary.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void TheTeacherCheckPlaysTheSummarysGreedyEpisodes()
    {
        // A learning rate of ~0 keeps the student as initialised, so the check at its last update and the summary's
        // evaluation see the same student: both must agree on every task, and on the teachers' lengths.
        string dir = NewRun();
        PolicyDistillationStudent? student = null;
        var config = Config("policy-distillation", episodes: 4, extra: "distill_check_every: 1\ndistill_lr: 1e-30");
        var result = ExperimentRunner.Run(new RunRequest
        {
            Config = config, OutputDirectory = dir,
            AgentFactory = (envs, c, seed) => student = (PolicyDistillationStudent)AlgorithmCatalog.Get(c.Algorithm).Create(envs, c, seed),
        });
        Assert.NotNull(student);
        Assert.Equal(result.Summary.Teachers!.GreedySteps, student.TeacherCheckLengths());
        int matching = Enumerable.Range(0, 2).Count(i => result.Summary.Tasks[i].GreedySteps <= result.Summary.Teachers.GreedySteps[i]);
        Assert.Equal(matching, student.TasksMatchingTeachers());
        Assert.Equal(matching == 2, result.Summary.ReachedTeachers is not null);
        Assert.Equal(result.Summary.ReachedTeachers, RunSummary.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")), "student").ReachedTeachers);
    }

    [Fact]
    public void ReachedTeachersRoundTripsThroughSummaryJson()
    {
        var summary = new RunSummary("policy-distillation", 1, 100, 1, 100, [], null, null, new DistilledSummary([9], [1.0]), ReachedTeachers: new TeachersReached(50, 400));
        string json = summary.ToJson();
        Assert.Contains("\"reached_teachers\": {", json, StringComparison.Ordinal);
        Assert.Equal(new TeachersReached(50, 400), RunSummary.Parse(json, "s").ReachedTeachers);
        string never = (summary with { ReachedTeachers = null }).ToJson();
        Assert.Contains("\"reached_teachers\": null", never, StringComparison.Ordinal);
        Assert.Null(RunSummary.Parse(never, "s").ReachedTeachers);
        Assert.DoesNotContain("reached_teachers", (summary with { Teachers = null, ReachedTeachers = null }).ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheConfigKeysReachTheStudentsOptions()
    {
        var options = DistillationAgents.Options(PolicyDistillationOptions.ActorMimic,
            Config("actor-mimic", extra: "distill_tau: 0.5\nstudent_input: task-one-hot\ncollector: teacher\nfeature_beta: 0.2"));
        Assert.Equal(("actor-mimic", StudentLoss.Kl, 0.5f, true, 0.2f), (options.Name, options.Loss, options.Tau, options.FeatureRegression, options.FeatureBeta));
        Assert.Equal((StudentInput.TaskOneHot, StudentCollector.Teacher, 8, 8), (options.Input, options.Collector, options.BatchSize, options.MinReplayToLearn));
        Assert.Equal([8, 8], options.HiddenSizes);
        // Left out, the keys take the library's defaults (the preset decides the rest).
        var defaults = DistillationAgents.Options(PolicyDistillationOptions.PolicyDistillation, RunConfig.Default.With("algorithm", "policy-distillation"));
        Assert.Equal(new PolicyDistillationOptions() with { HiddenSizes = defaults.HiddenSizes }, defaults);
        Assert.Equal(new PolicyDistillationOptions().HiddenSizes, defaults.HiddenSizes);
        // Actor-Mimic's keys default to its own preset (tau 1, feature regression), not to policy distillation's.
        var mimic = DistillationAgents.Options(PolicyDistillationOptions.ActorMimic, RunConfig.Default.With("algorithm", "actor-mimic"));
        Assert.Equal(PolicyDistillationOptions.ActorMimic with { HiddenSizes = mimic.HiddenSizes }, mimic);
        Assert.Equal((1f, true), (mimic.Tau, mimic.FeatureRegression));
    }

    [Fact]
    public void AnInvalidOptionNamesItsKey()
    {
        var e = Assert.Throws<ConfigException>(() => DistillationAgents.Options(PolicyDistillationOptions.PolicyDistillation,
            Config("policy-distillation", extra: "distill_replay: 4")));
        Assert.Equal("key 'distill_min_replay': (8) must be in [1, 'distill_replay' (4)]", e.Message);
    }

    [Fact]
    public void AStudentTaskTheTeacherRunLacksIsRefusedWithItsTasks()
    {
        string dir = Path.Combine(TestPaths.NewTempDirectory(), "student");
        var e = Assert.Throws<ConfigException>(() => Run(Config("policy-distillation", tasks: "[plan5, plan7]"), dir));
        Assert.Equal($"key 'teachers': task 'plan7' is not a task of the run {teachers.SoftQRun} (its tasks: plan5, plan6)", e.Message);
        Assert.False(Directory.Exists(dir), "nothing is written when the teachers are refused");
    }

    [Fact]
    public void ADistral2ColRunIsNotATeacherRun()
    {
        string dir = TestPaths.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, RunDirectory.ConfigFileName), "algorithm: distral-2col-sql\ntasks: [plan5, plan6]\n");
        var e = Assert.Throws<ConfigException>(() => Run(Config("policy-distillation", teacherDir: dir)));
        Assert.Equal($"key 'teachers': {dir}: a 'distral-2col-sql' task column is not the task's Q-function (its policy also uses pi_0); use a 'sql-independent' or 1col run", e.Message);
    }

    [Fact]
    public void NoTeachersKeyIsRefusedNamingTheKey()
    {
        var config = ConfigLoader.Parse("algorithm: policy-distillation\ntasks: [plan5]\nepisodes: 1\nprogress_every: 0\n", "student.yaml");
        Assert.Equal("", config.GetString("teachers"));
        var e = Assert.Throws<ConfigException>(() => Run(config));
        Assert.StartsWith("key 'teachers': 'policy-distillation' needs the run directory of a finished soft-Q or actor-critic run", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("a3c", "policy-distillation", "distill_loss: nll")]
    [InlineData("kl-2col", "policy-distillation", "distill_loss: kl\ndistill_tau: 1")]
    [InlineData("kl-2col", "actor-mimic", "")]
    public void AnActorCriticRunTeachesAStudentWithItsTaskPolicies(string teacherAlgorithm, string algorithm, string extra)
    {
        string teacherDir = teacherAlgorithm == "a3c" ? teachers.ActorCriticRun : teachers.ActorCritic2ColRun;
        string dir = NewRun();
        var result = Run(Config(algorithm, teacherDir: teacherDir, extra: extra), dir);
        // The teachers act greedily on their task policies' logits (2col: composed with h), as the run itself did.
        var teacherRun = RunSummary.Parse(File.ReadAllText(Path.Combine(teacherDir, "summary.json")), "teacher");
        for (int i = 0; i < result.Summary.Tasks.Count; i++)
            Assert.Equal(teacherRun.Tasks.Single(t => t.Name == result.Summary.Tasks[i].Name).GreedySteps, result.Summary.Teachers!.GreedySteps[i]);
        Assert.True(result.Summary.EnvSteps > 0);
    }

    [Fact]
    public void ARecurrentActorCriticTeacherRunIsRefusedInOneLine()
    {
        var e = Assert.Throws<ConfigException>(() => Run(Config("policy-distillation", tasks: "[maze-0]", teacherDir: teachers.RecurrentRun)));
        Assert.Equal($"key 'teachers': {teachers.RecurrentRun}: 'a3c' has recurrent (conv + LSTM) columns; only actor-critic teachers with an MLP torso are supported", e.Message);
    }

    [Fact]
    public void ADistillationRunIsNotATeacherRun()
    {
        string student = NewRun();
        Run(Config("policy-distillation", episodes: 1), student);
        var e = Assert.Throws<ConfigException>(() => Run(Config("policy-distillation", teacherDir: student)));
        Assert.Equal($"key 'teachers': {student}: teachers must be a soft-Q run (task columns with Q-values) or an actor-critic run (task policies); 'policy-distillation' is not supported", e.Message);
    }

    [Fact]
    public void MissingOrUnfinishedTeacherRunsAreOneLineErrors()
    {
        string missing = Path.Combine(TestPaths.NewTempDirectory(), "nothing");
        var e = Assert.Throws<ConfigException>(() => Run(Config("policy-distillation", teacherDir: missing)));
        Assert.Equal($"key 'teachers': {missing}: no such run directory", e.Message);
        string empty = TestPaths.NewTempDirectory();
        e = Assert.Throws<ConfigException>(() => Run(Config("policy-distillation", teacherDir: empty)));
        Assert.StartsWith($"key 'teachers': {empty}: no config.yaml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnObservationSizeMismatchIsRefused()
    {
        var e = Assert.Throws<ConfigException>(() => Run(Config("policy-distillation", extra: "observation: coordinates")));
        Assert.StartsWith("key 'teachers': task 'plan6' has 7 observations and 4 actions here but 3 and 4 in the run ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AResumedStudentRunEqualsOneUninterruptedRun()
    {
        string whole = NewRun();
        var reference = Run(Config("actor-mimic", episodes: 6, extra: "distill_check_every: 2"), whole);

        string split = NewRun();
        Run(Config("actor-mimic", episodes: 3, extra: "distill_check_every: 2"), split);
        var resumed = Resume(split, 6);

        Assert.Equal(MetricsWithoutWall(whole), MetricsWithoutWall(split));
        Assert.Equal(Scalars(whole), Scalars(split));
        Assert.Equal(reference.Summary.EnvSteps, resumed.Summary.EnvSteps);
        Assert.Equal(reference.Summary.ReachedTeachers, resumed.Summary.ReachedTeachers);
        Assert.Contains(Scalars(whole), s => s.Item1 == "charts/teacher_match"); // the checks are in the scalars compared above
        AssertSameFinalNetworks(whole, split);
    }

    private static RunResult Run(RunConfig config, string? dir = null) =>
        ExperimentRunner.Run(new RunRequest { Config = config, OutputDirectory = dir ?? NewRun() });
}
