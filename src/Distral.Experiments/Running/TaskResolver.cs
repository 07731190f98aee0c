using System.Globalization;
using Distral.Envs;

namespace Distral.Experiments;

/// <summary>
/// Turns the config's task list into tasks and environments: built-in names ("plan4", "two-room-random:3"),
/// family ranges ("two-room-random:0..4") and map files. Unknown entries are <see cref="ConfigException"/>s.
/// </summary>
public static class TaskResolver
{
    /// <summary>True for "family:a..b".</summary>
    public static bool IsFamilyRange(string entry) => TryParseRange(entry, out _, out _, out _);

    /// <summary>The tasks of <paramref name="config"/> (key `tasks`), with gridworlds observing what key `observation` says.</summary>
    public static IReadOnlyList<ResolvedTask> Resolve(RunConfig config, TaskRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var encoder = GridObservation.Encoder(config.Observation);
        return [.. Resolve(config.Tasks, registry).Select(t => t with { Spec = GridObservation.Apply(t.Spec, encoder) })];
    }

    /// <summary>Resolves every entry (ranges expand to several tasks) using <paramref name="registry"/> (default: built-ins).</summary>
    public static IReadOnlyList<ResolvedTask> Resolve(IReadOnlyList<string> entries, TaskRegistry? registry = null)
    {
        registry ??= TaskRegistry.Default;
        var tasks = new List<ResolvedTask>();
        foreach (string entry in entries)
        {
            if (TryParseRange(entry, out string family, out int first, out int last))
            {
                for (int k = first; k <= last; k++) tasks.Add(ResolveOne($"{family}:{k}", registry));
            }
            else
            {
                tasks.Add(ResolveOne(entry, registry));
            }
        }
        var duplicate = tasks.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ConfigException($"key 'tasks': task '{duplicate.Key}' is listed twice");
        return tasks;
    }

    /// <summary>
    /// The training environments: task i created with a seed derived from (<paramref name="seed"/>, i) and
    /// wrapped in <see cref="TimeLimit"/>(<paramref name="maxEpisodeSteps"/>).
    /// </summary>
    public static IReadOnlyList<IEnv> CreateEnvs(IReadOnlyList<ResolvedTask> tasks, ulong seed, int maxEpisodeSteps, int stream = 0) =>
        [.. tasks.Select((t, i) => (IEnv)new TimeLimit(t.Spec.Create(EnvSeed(seed, i, stream)), maxEpisodeSteps))];

    /// <summary>A non-negative int seed for env <paramref name="task"/> of a run (separate streams for training and evaluation).</summary>
    public static int EnvSeed(ulong seed, int task, int stream) =>
        (int)(new Distral.Tensors.Rng(seed * 0x9E3779B97F4A7C15UL + (ulong)(task * 7919 + stream * 104729 + 1)).NextULong() & 0x3FFF_FFFF);

    private static ResolvedTask ResolveOne(string entry, TaskRegistry registry)
    {
        if (registry.TryGet(entry, out var spec)) return new ResolvedTask(entry, spec);
        if (File.Exists(entry))
        {
            try
            {
                var map = GridMap.Load(entry);
                return new ResolvedTask(entry, GridTasks.FromMap(entry, $"map file {entry}", map));
            }
            catch (EnvException e)
            {
                throw new ConfigException($"key 'tasks': {e.Message}", e);
            }
        }
        var names = registry.Tasks.Select(t => t.Member is null ? t.Name : t.Name + ":k").ToList();
        string hint = Suggest.Nearest(entry, registry.Tasks.Select(t => t.Name)) is string s ? $" (did you mean '{s}'?)" : "";
        throw new ConfigException($"key 'tasks': unknown task '{entry}'{hint}: neither a built-in task nor a map file; built-ins: {string.Join(", ", names)}");
    }

    private static bool TryParseRange(string entry, out string family, out int first, out int last)
    {
        family = "";
        first = last = 0;
        int colon = entry.LastIndexOf(':');
        if (colon <= 0) return false;
        string range = entry[(colon + 1)..];
        int dots = range.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0) return false;
        if (!int.TryParse(range[..dots], NumberStyles.None, CultureInfo.InvariantCulture, out first)
            || !int.TryParse(range[(dots + 2)..], NumberStyles.None, CultureInfo.InvariantCulture, out last)
            || last < first)
        {
            throw new ConfigException($"key 'tasks': bad range '{entry}' (expected family:first..last, e.g. two-room-random:0..4)");
        }
        family = entry[..colon];
        return true;
    }
}
