using Distral.Agents;
using Distral.Envs;

namespace Distral.Experiments;

/// <summary>
/// Evaluates a loaded run (<see cref="RunLoader"/>): which policies act on which tasks (<see cref="Plan"/>), then
/// several episodes of each, greedy or sampled (<see cref="Evaluate"/>). Evaluation envs use their own seed
/// stream, so the numbers do not depend on training's episodes and are the same on every call.
/// </summary>
public static class RunEvaluator
{
    /// <summary>The env seed stream of evaluation (training uses 0, the runner's post-training evaluation 1 and 2).</summary>
    public const int SeedStream = 3;

    /// <summary>
    /// The evaluations to run. Tasks: <paramref name="taskEntries"/> (names, ranges or map files) or, when null, the
    /// run's own. Policies: <paramref name="policy"/> when given; otherwise a run task is played by its own task policy
    /// and a new task by pi_0. <paramref name="distilled"/> adds pi_0 on every task. User errors are <see cref="ConfigException"/>s.
    /// </summary>
    public static IReadOnlyList<EvalTarget> Plan(LoadedRun run, IReadOnlyList<string>? taskEntries, EvalPolicy? policy, bool distilled)
    {
        var agent = run.Agent;
        if ((distilled || policy is { IsDistilled: true }) && !agent.HasDistilledPolicy)
            throw new ConfigException($"{run.Directory}: algorithm {run.Config.Algorithm} learns no distilled policy pi_0 (use a task policy)");
        if (policy is { IsDistilled: false } p && p.Task >= agent.TaskCount)
            throw new ConfigException($"--policy {p.Name}: the run has {agent.TaskCount} task policies (task0..task{agent.TaskCount - 1})");
        var tasks = taskEntries is null ? run.Tasks : TaskResolver.Resolve(run.Config.With("tasks", taskEntries.ToArray()));
        var targets = new List<EvalTarget>();
        foreach (var task in tasks)
        {
            int index = run.TaskIndex(task.Name);
            bool own = index >= 0;
            EvalPolicy first;
            if (policy is EvalPolicy chosen) first = chosen;
            else if (own) first = new EvalPolicy(index);
            else if (agent.HasDistilledPolicy) first = EvalPolicy.Distilled;
            else throw new ConfigException(
                $"task '{task.Name}' is not one of the run's tasks ({string.Join(", ", run.Tasks.Select(t => t.Name))}) and {run.Config.Algorithm} has no pi_0: choose a policy with --policy taskK");
            targets.Add(new EvalTarget(task, first, own));
            if (distilled && !first.IsDistilled) targets.Add(new EvalTarget(task, EvalPolicy.Distilled, own));
        }
        return targets;
    }

    /// <summary>
    /// <paramref name="episodes"/> episodes of each target (time limit: the run's max_episode_steps). A task whose
    /// observations or actions do not fit the agent's networks is a <see cref="ConfigException"/>.
    /// </summary>
    public static IReadOnlyList<EvalResult> Evaluate(LoadedRun run, IReadOnlyList<EvalTarget> targets, int episodes, bool greedy)
    {
        if (episodes <= 0) throw new ConfigException($"--episodes {episodes}: must be at least 1");
        var reference = run.Envs[0];
        var results = new List<EvalResult>();
        for (int t = 0; t < targets.Count; t++)
        {
            var target = targets[t];
            int envSeed = TaskResolver.EnvSeed(run.Config.Seed, t, SeedStream);
            IEnv env = new TimeLimit(target.Task.Spec.Create(envSeed), run.Config.MaxEpisodeSteps);
            if (env.ObservationSpace.Size != reference.ObservationSpace.Size || env.ActionSpace.ToString() != reference.ActionSpace.ToString())
                throw new ConfigException(
                    $"task '{target.Task.Name}': observations {env.ObservationSpace.Size} / actions {env.ActionSpace} do not fit the run's networks ({reference.ObservationSpace.Size} / {reference.ActionSpace})");
            var obs = new float[env.ObservationSpace.Size];
            var steps = new double[episodes];
            var returns = new double[episodes];
            int successes = 0;
            for (int e = 0; e < episodes; e++)
            {
                var (n, r, terminated) = Episode(run.Agent, target.Policy, env, greedy, unchecked(envSeed + e) & 0x3FFF_FFFF, obs);
                steps[e] = n;
                returns[e] = r;
                if (terminated) successes++;
            }
            results.Add(new EvalResult(target.Task.Name, target.Policy.Name, episodes, steps.Average(), SampleSd(steps), returns.Average(), SampleSd(returns),
                (double)successes / episodes, target.Task.Spec.ShortestPath, target.Task.Spec.OptimalReturn));
        }
        return results;
    }

    /// <summary>
    /// One episode of <paramref name="policy"/> on <paramref name="env"/> (which should carry a time limit) from
    /// Reset(<paramref name="seed"/>); <paramref name="obs"/> is a scratch buffer of the observation size.
    /// Returns the length, the return and whether the episode terminated (rather than being cut by the time limit).
    /// </summary>
    public static (int Steps, double Return, bool Terminated) Episode(IMultitaskAgent agent, EvalPolicy policy, IEnv env, bool greedy, int seed, float[] obs)
    {
        env.Reset(seed).Observation.CopyTo(obs);
        (agent as Distral.Agents.ActorCritic.IRecurrentActor)?.ResetActingState(); // recurrent policies start each episode afresh
        int steps = 0;
        double total = 0;
        // Guard for envs without a time limit: no evaluation may run forever.
        const int hardCap = 1_000_000;
        while (steps < hardCap)
        {
            int action = policy.IsDistilled ? agent.ActDistilled(obs, greedy) : agent.Act(policy.Task, obs, greedy);
            var r = env.Step(action);
            steps++;
            total += r.Reward;
            if (r.Done) return (steps, total, r.Terminated);
            r.Observation.CopyTo(obs);
        }
        return (steps, total, false);
    }

    private static double SampleSd(double[] values)
    {
        if (values.Length < 2) return 0;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }
}
