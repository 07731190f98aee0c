using Distral.Agents;
using Distral.Agents.PolicyDistillation;
using Distral.Envs;

namespace Distral.Experiments;

/// <summary>
/// Builds a finished run's <see cref="RunSummary"/>: per task the learning-curve figures (first <c>episodes</c>
/// episodes) and a greedy evaluation episode of the task policy; with a distilled policy, greedy episodes of pi_0 and,
/// on the two-room family, pi_0 in the corridor.
/// </summary>
internal static class RunSummaryBuilder
{
    /// <summary>The env seed stream of the evaluation envs <see cref="ExperimentRunner"/> passes in.</summary>
    public const int EvalEnvStream = 1;

    /// <summary>The stream of the seed each greedy evaluation episode of task i is reset with.</summary>
    public const int ResetSeedStream = 2;

    public static RunSummary Build(IMultitaskAgent agent, RunConfig config, IReadOnlyList<ResolvedTask> tasks, IReadOnlyList<IEnv> envs,
        IReadOnlyList<IEnv> evalEnvs, IReadOnlyList<(IReadOnlyList<int> Durations, IReadOnlyList<double> Returns)> curves, long envSteps, double wall)
    {
        var taskSummaries = new List<TaskSummary>();
        for (int i = 0; i < tasks.Count; i++)
        {
            var (greedySteps, greedyReturn) = Evaluation.GreedyEpisode(agent, i, evalEnvs[i], distilled: false, TaskResolver.EnvSeed(config.Seed, i, ResetSeedStream));
            // Tasks step in lock-step, so short-episode tasks finish more than the requested episodes while the
            // slowest catches up; the statistics use each task's first `episodes` episodes (metrics.csv has all).
            var durations = curves[i].Durations.Take(config.Episodes).ToList();
            var returns = curves[i].Returns.Take(config.Episodes).ToList();
            taskSummaries.Add(new TaskSummary(
                tasks[i].Name, durations.Count, tasks[i].Spec.ShortestPath, tasks[i].Spec.OptimalReturn,
                ExperimentRunner.MeanOfLast(durations.Select(d => (double)d).ToList(), ExperimentRunner.LastWindow),
                durations.Count == 0 ? double.NaN : durations.Average(),
                ExperimentRunner.MeanOfLast(returns, ExperimentRunner.LastWindow),
                greedySteps, greedyReturn, tasks[i].Spec.MeanShortestPath));
        }

        DistilledSummary? distilled = null;
        CorridorSummary? corridor = null;
        if (agent.HasDistilledPolicy)
        {
            var steps = new int[tasks.Count];
            var returns = new double[tasks.Count];
            for (int i = 0; i < tasks.Count; i++)
                (steps[i], returns[i]) = Evaluation.GreedyEpisode(agent, i, evalEnvs[i], distilled: true, TaskResolver.EnvSeed(config.Seed, i, ResetSeedStream));
            distilled = new DistilledSummary(steps, returns);
            if (tasks.Any(t => t.IsTwoRoomRandom) && Evaluation.CorridorOptions(envs) is GridWorldOptions options)
                corridor = Evaluation.Pi0Corridor(agent, options);
        }

        DistilledSummary? teachers = null;
        TeachersReached? reached = null;
        if (agent is PolicyDistillationStudent student)
        {
            reached = student.ReachedTeachers;
            // The same greedy episode (env stream and reset seed) with the teacher acting, for comparison.
            var teacherPolicy = new TeacherActing(student);
            var steps = new int[tasks.Count];
            var returns = new double[tasks.Count];
            for (int i = 0; i < tasks.Count; i++)
                (steps[i], returns[i]) = Evaluation.GreedyEpisode(teacherPolicy, i, evalEnvs[i], distilled: false, TaskResolver.EnvSeed(config.Seed, i, ResetSeedStream));
            teachers = new DistilledSummary(steps, returns);
        }

        return new RunSummary(config.Algorithm, config.Seed, envSteps, wall, wall > 0 ? envSteps / wall : 0,
            taskSummaries, distilled, corridor, teachers, RunTransfer.Describe(config), reached);
    }

    /// <summary>A student's teachers as a policy to evaluate: task i acts greedily on teacher i's outputs (Q-values or logits).</summary>
    private sealed class TeacherActing(PolicyDistillationStudent student) : IMultitaskAgent
    {
        public string Algorithm => student.Algorithm + " teachers";
        public int TaskCount => student.TaskCount;
        public long EnvSteps => 0;
        public bool HasDistilledPolicy => false;
        public IReadOnlyList<(string Name, Nn.Module Network)> Networks => [];
        public void Train(int episodesPerTask, ITrainingObserver observer, CancellationToken cancel) =>
            throw new InvalidOperationException("Teachers are not trained here.");
        public int Act(int task, ReadOnlySpan<float> obs, bool greedy) => student.TeacherAction(task, obs);
        public int ActDistilled(ReadOnlySpan<float> obs, bool greedy) => throw new InvalidOperationException("Teachers have no pi_0.");
        public void DistilledProbabilities(ReadOnlySpan<float> obs, Span<float> probs) => throw new InvalidOperationException("Teachers have no pi_0.");
    }
}
