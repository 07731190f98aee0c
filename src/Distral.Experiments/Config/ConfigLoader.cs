using Distral.Envs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Distral.Experiments;

/// <summary>
/// Reads run configurations: a flat YAML mapping of <see cref="ConfigKeys"/> onto the defaults, then
/// <c>key=value</c> overrides. Every problem is a one-line <see cref="ConfigException"/> naming file, line and key.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Reads a YAML config file on top of <paramref name="baseConfig"/> (default: all defaults).</summary>
    public static RunConfig Load(string path, RunConfig? baseConfig = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            string reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such config file" : e.Message;
            throw new ConfigException($"{path}: {reason}", e);
        }
        var config = Parse(text, path, baseConfig);
        return ResolveMapPaths(config, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
    }

    /// <summary>Parses YAML text; <paramref name="source"/> names it in messages (a file path or "&lt;text&gt;").</summary>
    public static RunConfig Parse(string yaml, string source, RunConfig? baseConfig = null)
    {
        var config = baseConfig ?? RunConfig.Default;
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yaml));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new ConfigException($"{source}:{e.Start.Line}: invalid YAML: {StripMark(e)}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this on some unterminated constructs (e.g. an unclosed '['); the last
            // event parsed tells roughly where.
            long line = parser.Current?.End.Line ?? 1;
            throw new ConfigException($"{source}:{line}: invalid YAML: unterminated or malformed construct near line {line}", e);
        }
        if (stream.Documents.Count == 0) return config;
        if (stream.Documents.Count > 1) throw new ConfigException($"{source}: expected one YAML document, found {stream.Documents.Count}");
        var root = stream.Documents[0].RootNode;
        if (root is YamlScalarNode { Value: null or "" }) return config;
        if (root is not YamlMappingNode mapping)
            throw new ConfigException($"{source}:{root.Start.Line}: expected a mapping of 'key: value' lines");
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: string name })
                throw new ConfigException($"{source}:{keyNode.Start.Line}: keys must be plain names");
            var key = ConfigKeys.Get(name, $"{source}:{keyNode.Start.Line}");
            string where = $"{source}:{valueNode.Start.Line}: key '{name}'";
            object value = valueNode switch
            {
                YamlScalarNode s => key.Parse(s.Value ?? "", where),
                YamlSequenceNode seq => key.ParseList(seq.Children.Select(c => c is YamlScalarNode { Value: string v }
                    ? v
                    : throw new ConfigException($"{source}:{c.Start.Line}: key '{name}': list items must be plain values")).ToList(), where),
                _ => throw new ConfigException($"{where}: expected a value or a list, not a mapping"),
            };
            config = config.With(name, value);
        }
        return config;
    }

    /// <summary>Applies one <c>key=value</c> override (lists as a,b,c).</summary>
    public static RunConfig ApplyOverride(RunConfig config, string assignment)
    {
        int eq = assignment.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) throw new ConfigException($"--set {assignment}: expected key=value");
        string name = assignment[..eq].Trim();
        var key = ConfigKeys.Get(name, $"--set {assignment}");
        return config.With(name, key.Parse(assignment[(eq + 1)..], $"--set {assignment}: key '{name}'"));
    }

    /// <summary>Applies overrides in order.</summary>
    public static RunConfig ApplyOverrides(RunConfig config, IEnumerable<string> assignments) =>
        assignments.Aggregate(config, ApplyOverride);

    /// <summary>
    /// Checks the rules that involve several keys (the per-key ranges are checked on parse).
    /// <paramref name="source"/> names where the config came from.
    /// </summary>
    public static void ValidateCombination(RunConfig config, string source)
    {
        if (config.GetInt("min_replay") > config.GetInt("replay_size"))
            throw new ConfigException($"{source}: key 'min_replay' ({config.GetInt("min_replay")}) must not exceed 'replay_size' ({config.GetInt("replay_size")})");
        if (config.GetDouble("epsilon_end") > config.GetDouble("epsilon_start"))
            throw new ConfigException($"{source}: key 'epsilon_end' must not exceed 'epsilon_start'");
    }

    // Map files named relative to the config file are rewritten to absolute paths, so the resolved
    // config.yaml in the run directory still finds them.
    private static RunConfig ResolveMapPaths(RunConfig config, string configDirectory)
    {
        var tasks = config.Tasks.ToArray();
        bool changed = false;
        for (int i = 0; i < tasks.Length; i++)
        {
            if (TaskRegistry.Default.TryGet(tasks[i], out _) || TaskResolver.IsFamilyRange(tasks[i]) || File.Exists(tasks[i])) continue;
            string candidate = Path.Combine(configDirectory, tasks[i]);
            if (File.Exists(candidate))
            {
                tasks[i] = Path.GetFullPath(candidate);
                changed = true;
            }
        }
        return changed ? config.With("tasks", tasks) : config;
    }

    // YamlException messages start with "(Line: 1, Col: 2, Idx: 3) - (...): "; the line is reported separately.
    private static string StripMark(YamlException e)
    {
        string m = e.Message;
        int cut = m.IndexOf("): ", StringComparison.Ordinal);
        return (m.StartsWith('(') && cut > 0 ? m[(cut + 3)..] : m).ReplaceLineEndings(" ");
    }
}
