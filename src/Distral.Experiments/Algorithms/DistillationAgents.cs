using Distral.Agents;
using Distral.Agents.ActorCritic;
using Distral.Agents.SoftQ;
using Distral.Agents.PolicyDistillation;
using Distral.Envs;
using Distral.Nn;

namespace Distral.Experiments;

/// <summary>
/// Builds distillation students (keys mapped by <see cref="DistillationFamily"/>): the teachers are the final task
/// networks (soft-Q columns or actor-critic task policies) of the run directory in key `teachers`, matched to the
/// student's tasks by name. Every problem with that run is a one-line <see cref="ConfigException"/> naming the key and
/// the directory.
/// </summary>
public static class DistillationAgents
{
    private const string Key = DistillationFamily.TeachersKey;

    /// <summary>The preset with every distillation key of <paramref name="config"/> applied (validated).</summary>
    public static PolicyDistillationOptions Options(PolicyDistillationOptions preset, RunConfig config) => DistillationFamily.For(preset.Name).Options(preset, config);

    /// <summary>A student for <paramref name="envs"/> taught by the run in key `teachers`.</summary>
    public static IMultitaskAgent Create(PolicyDistillationOptions preset, IReadOnlyList<IEnv> envs, RunConfig config, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(envs);
        ArgumentNullException.ThrowIfNull(config);
        var options = Options(preset, config);
        var tasks = TaskResolver.Resolve(config);
        if (tasks.Count != envs.Count)
            throw new ConfigException($"key 'tasks': {tasks.Count} tasks configured but {envs.Count} environments given");
        var teachers = LoadTeachers(config.GetString(Key), options.Name, tasks, envs);
        return new PolicyDistillationStudent(envs, teachers, options, seed, TeacherCheck(tasks, config));
    }

    /// <summary>
    /// The envs and reset seeds of the run's post-training greedy evaluation (<see cref="RunSummaryBuilder"/>), built
    /// afresh so that the student's periodic teacher check plays the episodes summary.json reports.
    /// </summary>
    public static TeacherMatchCheck TeacherCheck(IReadOnlyList<ResolvedTask> tasks, RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(config);
        var envs = TaskResolver.CreateEnvs(tasks, config.Seed, config.MaxEpisodeSteps, RunSummaryBuilder.EvalEnvStream);
        return new TeacherMatchCheck(envs, [.. tasks.Select((_, i) => TaskResolver.EnvSeed(config.Seed, i, RunSummaryBuilder.ResetSeedStream))]);
    }

    /// <summary>
    /// The teacher of each of <paramref name="tasks"/>, taken from the run in <paramref name="directory"/> for that
    /// run's task j of the same name: a soft-Q run's column <c>task{j}</c> (Q-values), or an actor-critic run's task
    /// policy j (logits; an MLP torso only).
    /// </summary>
    public static IReadOnlyList<ITeacher> LoadTeachers(string directory, string algorithm, IReadOnlyList<ResolvedTask> tasks, IReadOnlyList<IEnv> envs)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(envs);
        if (directory.Trim().Length == 0)
            throw new ConfigException($"key '{Key}': '{algorithm}' needs the run directory of a finished soft-Q or actor-critic run (e.g. sql-independent) to learn from (--teachers DIR or '{Key}: DIR')");
        RefuseUnsupported(directory);
        LoadedRun run;
        try
        {
            run = RunLoader.Load(directory);
        }
        catch (ConfigException e)
        {
            throw new ConfigException($"key '{Key}': {e.Message}", e);
        }
        var networks = run.Agent.Networks.ToDictionary(n => n.Name, n => n.Network, StringComparer.Ordinal);
        var teachers = new ITeacher[tasks.Count];
        for (int i = 0; i < tasks.Count; i++)
        {
            int j = run.TaskIndex(tasks[i].Name);
            if (j < 0)
                throw new ConfigException($"key '{Key}': task '{tasks[i].Name}' is not a task of the run {directory} (its tasks: {string.Join(", ", run.Tasks.Select(t => t.Name))})");
            ITeacher teacher = run.Agent is ActorCriticDistral actorCritic
                ? ActorCriticTeacherOf(actorCritic, networks, j, directory, run.Config.Algorithm)
                : SoftQTeacherOf(networks, j, directory, run.Config.Algorithm);
            var (observations, actions) = TaskSpaces.CommonDiscrete([envs[i]], "the student", "Task", nameof(envs));
            if (teacher.ObservationSize != observations || teacher.ActionCount != actions)
                throw new ConfigException($"key '{Key}': task '{tasks[i].Name}' has {observations} observations and {actions} actions here but {teacher.ObservationSize} and {teacher.ActionCount} in the run {directory} (both runs need the same `observation`)");
            teachers[i] = teacher;
        }
        return teachers;
    }

    private static SoftQTeacher SoftQTeacherOf(Dictionary<string, Module> networks, int j, string directory, string algorithm)
    {
        if (!networks.TryGetValue($"task{j}", out var network) || network is not Sequential column || column.Count == 0 || column[column.Count - 1] is not Linear)
            throw new ConfigException($"key '{Key}': {directory}: network 'task{j}' is not a Q-value column; {NotSupported(algorithm)}");
        return new SoftQTeacher(column);
    }

    // Task policy j: its own column (1col, A3C), the shared network (A3C multitask), or with 2col the composed
    // logits w_h h + u_j, h being the run's one network that is not a task column.
    private static ActorCriticTeacher ActorCriticTeacherOf(ActorCriticDistral agent, Dictionary<string, Module> networks, int j, string directory, string algorithm)
    {
        var options = agent.Options;
        string name = options.Architecture == ActorCriticArchitecture.Shared ? "shared" : $"task{j}";
        if (!networks.TryGetValue(name, out var network) || network is not ActorCriticColumn column)
            throw new ConfigException($"key '{Key}': {directory}: network '{name}' is not an actor-critic column; {NotSupported(algorithm)}");
        ActorCriticColumn? prior = null;
        if (options.Architecture == ActorCriticArchitecture.TwoColumn)
            prior = networks.Where(n => !n.Key.StartsWith("task", StringComparison.Ordinal)).Select(n => n.Value).OfType<ActorCriticColumn>().Single();
        if (column.Torso.IsRecurrent || prior?.Torso.IsRecurrent == true || column.Torso is not MlpTorso)
            throw new ConfigException($"key '{Key}': {directory}: '{algorithm}' has recurrent (conv + LSTM) columns; only actor-critic teachers with an MLP torso are supported");
        return new ActorCriticTeacher(column, prior, prior is null ? 0f : options.PriorLogitWeight);
    }

    // The family is checked from config.yaml before the run is rebuilt: a distillation run would need its own
    // teachers (a chain this does not follow).
    private static void RefuseUnsupported(string directory)
    {
        string configPath = new RunDirectory(directory).ConfigPath;
        if (!Directory.Exists(directory) || !File.Exists(configPath)) return; // RunLoader reports these.
        RunConfig config;
        try
        {
            config = ConfigLoader.Load(configPath);
        }
        catch (ConfigException e)
        {
            throw new ConfigException($"key '{Key}': {e.Message}", e);
        }
        string family = AlgorithmCatalog.Get(config.Algorithm).Family;
        if (family != SoftQFamily.Family.Name && family != ActorCriticFamily.Family.Name)
            throw new ConfigException($"key '{Key}': {directory}: {NotSupported(config.Algorithm)}");
        // A 2col task column f_i is only the task's part of its logits alpha log pi_0 + beta f_i, not its Q-values.
        if (config.Algorithm == SoftQOptions.Distral2Col.Architecture)
            throw new ConfigException($"key '{Key}': {directory}: a '{config.Algorithm}' task column is not the task's Q-function (its policy also uses pi_0); "
                + $"use a '{SoftQOptions.SqlIndependent.Architecture}' or 1col run");
    }

    private static string NotSupported(string algorithm) =>
        $"teachers must be a soft-Q run (task columns with Q-values) or an actor-critic run (task policies); '{algorithm}' is not supported";
}
