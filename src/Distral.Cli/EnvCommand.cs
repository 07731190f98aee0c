using System.Globalization;
using System.Text.Json;
using Distral.Envs;

namespace Distral.Cli;

/// <summary>
/// <c>distral env list [--json]</c> (the built-in tasks) and <c>distral env show NAME|FILE</c> (a map as ASCII); docs/cli.md.
/// </summary>
internal static class EnvCommand
{
    public const string Usage = "usage: distral env list [--json] | distral env show NAME|FILE";

    public static int Run(string[] args, TextWriter stdout, TaskRegistry? registry = null)
    {
        registry ??= TaskRegistry.Default;
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            stdout.WriteLine(Usage);
            return CommandLine.Ok;
        }
        return args[0] switch
        {
            "list" => List(args[1..], stdout, registry),
            "show" => Show(args[1..], stdout, registry),
            _ => throw new UserErrorException($"env: unknown subcommand '{args[0]}' ({Usage})"),
        };
    }

    private static int List(string[] args, TextWriter stdout, TaskRegistry registry)
    {
        bool json = false;
        foreach (string a in args)
        {
            if (a == "--json") json = true;
            else throw new UserErrorException($"env list: unknown option '{a}' ({Usage})");
        }
        if (json)
        {
            stdout.WriteLine(ListJson(registry.Tasks));
            return CommandLine.Ok;
        }
        int width = Math.Max(4, registry.Tasks.Max(t => DisplayName(t).Length));
        stdout.WriteLine($"{"name".PadRight(width)}  {"size",-7}  {"start",-8}  {"goal",-8}  {"path",4}  description");
        foreach (var t in registry.Tasks)
        {
            string size = t.Rows is int r && t.Cols is int c ? $"{r}x{c}" : "-";
            string path = t.ShortestPath?.ToString(CultureInfo.InvariantCulture) ?? "-";
            stdout.WriteLine($"{DisplayName(t).PadRight(width)}  {size,-7}  {Point(t.Start),-8}  {Point(t.Goal),-8}  {path,4}  {t.Description}");
        }
        return CommandLine.Ok;
    }

    /// <summary>The JSON array of the contract: name, rows, cols, start, goal, shortest_path (null where unknown).</summary>
    internal static string ListJson(IEnumerable<TaskSpec> tasks)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var t in tasks)
            {
                w.WriteStartObject();
                w.WriteString("name", t.Name);
                WriteNumber(w, "rows", t.Rows);
                WriteNumber(w, "cols", t.Cols);
                WritePoint(w, "start", t.Start);
                WritePoint(w, "goal", t.Goal);
                WriteNumber(w, "shortest_path", t.ShortestPath);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static int Show(string[] args, TextWriter stdout, TaskRegistry registry)
    {
        if (args.Length != 1) throw new UserErrorException($"env show: expected one task name or map file ({Usage})");
        string target = args[0];
        if (registry.TryGet(target, out var spec))
        {
            stdout.WriteLine(Picture(spec.Create(0), spec.Name));
            stdout.WriteLine(Summary(spec.Name, spec.Rows, spec.Cols, spec.Start, spec.Goal, spec.ShortestPath));
            return CommandLine.Ok;
        }
        if (!File.Exists(target))
            throw new UserErrorException($"env show: '{target}' is neither a task name (see 'distral env list') nor a map file");
        GridMap map;
        try
        {
            map = GridMap.Load(target);
        }
        catch (EnvException e)
        {
            throw new UserErrorException(e.Message);
        }
        stdout.WriteLine(GridRenderer.Ascii(map));
        stdout.WriteLine(Summary(target, map.Rows, map.Cols, map.Start, map.Goal, map.ShortestPathFromStart));
        return CommandLine.Ok;
    }

    // Gridworlds are drawn without the agent (the map as designed); other envs as they look after Reset(0).
    private static string Picture(IEnv env, string name)
    {
        var inner = env is Wrapper w ? w.Unwrapped : env;
        if (inner is GridWorld grid) return GridRenderer.Ascii(grid.Map);
        if (inner is IAsciiRenderable renderable)
        {
            env.Reset(0);
            return renderable.RenderAscii();
        }
        return $"({name} has no ASCII picture: observations are {env.ObservationSpace}, actions {env.ActionSpace})";
    }

    private static string Summary(string name, int? rows, int? cols, GridPoint? start, GridPoint? goal, int? shortest)
    {
        string size = rows is int r && cols is int c ? $"{r}x{c}" : "size n/a";
        string path = shortest is int s ? s.ToString(CultureInfo.InvariantCulture) : "n/a";
        return $"{name}: {size}, start {(start is null ? "random" : Point(start))}, goal {Point(goal)}, shortest path {path}";
    }

    private static string DisplayName(TaskSpec t) => t.Member is null ? t.Name : t.Name + "[:k]";

    private static string Point(GridPoint? p) => p is GridPoint q ? $"({q.Row},{q.Col})" : "-";

    private static void WriteNumber(Utf8JsonWriter w, string name, int? value)
    {
        if (value is int v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    private static void WritePoint(Utf8JsonWriter w, string name, GridPoint? p)
    {
        if (p is not GridPoint q)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartArray(name);
        w.WriteNumberValue(q.Row);
        w.WriteNumberValue(q.Col);
        w.WriteEndArray();
    }
}
