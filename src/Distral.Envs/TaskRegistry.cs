using System.Globalization;

namespace Distral.Envs;

/// <summary>
/// Task name -> <see cref="TaskSpec"/>. <see cref="Default"/> holds the built-ins (plan1..plan8,
/// two-room-random); other code adds tasks with <see cref="Register"/>. Family members are addressed
/// as "family:k" (e.g. "two-room-random:3"). Names are case-sensitive.
/// </summary>
public sealed class TaskRegistry
{
    private static readonly Lazy<TaskRegistry> LazyDefault = new(CreateDefault);
    private readonly List<TaskSpec> _tasks = [];
    private readonly Dictionary<string, TaskSpec> _byName = new(StringComparer.Ordinal);

    /// <summary>The process-wide registry with the built-in tasks (created on first use).</summary>
    public static TaskRegistry Default => LazyDefault.Value;

    /// <summary>The registered tasks in registration order (families appear once, by family name).</summary>
    public IReadOnlyList<TaskSpec> Tasks => _tasks;

    /// <summary>A new registry holding every built-in task: gridworlds, mazes, navigation, classic control.</summary>
    public static TaskRegistry CreateDefault()
    {
        var registry = new TaskRegistry();
        GridTasks.RegisterAll(registry);
        MazeTasks.RegisterAll(registry);
        NavTasks.RegisterAll(registry);
        ClassicControlTasks.RegisterAll(registry);
        return registry;
    }

    /// <summary>Adds a task; a duplicate name throws ArgumentException.</summary>
    public void Register(TaskSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.Name) || spec.Name.Contains(':'))
            throw new ArgumentException($"Invalid task name '{spec.Name}' (non-empty, no ':').");
        if (!_byName.TryAdd(spec.Name, spec)) throw new ArgumentException($"Task '{spec.Name}' is already registered.");
        _tasks.Add(spec);
    }

    /// <summary>Adds a task from its parts.</summary>
    public void Register(string name, string description, Func<int?, IEnv> factory) =>
        Register(new TaskSpec(name, description, factory));

    public bool Contains(string name) => TryGet(name, out _);

    /// <summary>Looks up a task or family member ("name" or "family:k").</summary>
    public bool TryGet(string name, out TaskSpec spec)
    {
        spec = null!;
        int colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return _byName.TryGetValue(name, out spec!);
        if (!_byName.TryGetValue(name[..colon], out var family) || family.Member is null) return false;
        if (!int.TryParse(name.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int k)) return false;
        spec = family.Member(k);
        return true;
    }

    /// <summary>Looks up a task; an unknown name throws <see cref="EnvException"/> listing the known names.</summary>
    public TaskSpec Get(string name)
    {
        if (TryGet(name, out var spec)) return spec;
        throw new EnvException($"unknown task '{name}' (known: {string.Join(", ", _tasks.Select(t => t.Member is null ? t.Name : t.Name + "[:k]"))})");
    }

    /// <summary>Creates the env of a task ("name" or "family:k").</summary>
    public IEnv Make(string name, int? seed = null) => Get(name).Create(seed);

    /// <summary>Members 0..count-1 of a family, or the task itself repeated once if it is not a family.</summary>
    public IReadOnlyList<TaskSpec> Expand(string name, int count)
    {
        var spec = Get(name);
        if (spec.Member is null) return [spec];
        var members = new TaskSpec[count];
        for (int k = 0; k < count; k++) members[k] = spec.Member(k);
        return members;
    }
}
