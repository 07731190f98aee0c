using System.Globalization;
using System.Text;

namespace Distral.Experiments;

/// <summary>
/// One run directory as the HTML report sees it: summary.json, config.yaml (optional), machine.json (optional)
/// and each task's episode returns and lengths from metrics.csv, cut to the summary's episode count (lock-step
/// agents finish extra episodes on fast tasks; the statistics use the first <c>episodes</c>).
/// </summary>
internal sealed class HtmlReportRun
{
    private HtmlReportRun(string directory, RunSummary summary, string? configYaml, HtmlMachineInfo? machine,
        Dictionary<string, double[]> returns, Dictionary<string, double[]> lengths)
    {
        Directory = directory;
        Summary = summary;
        ConfigYaml = configYaml;
        Machine = machine;
        Returns = returns;
        Lengths = lengths;
        _comparableYaml = configYaml is null ? null : WithDefaults(configYaml, new RunDirectory(directory).ConfigPath);
    }

    // config.yaml with every key the code knows, defaults filled in: a run written before a key existed groups with
    // newer runs that leave that key at its default, instead of looking like a different configuration.
    private readonly string? _comparableYaml;

    public string Directory { get; }
    public RunSummary Summary { get; }
    public string? ConfigYaml { get; }
    public HtmlMachineInfo? Machine { get; }

    /// <summary>Episode returns per task name (empty array when metrics.csv lacks the task).</summary>
    public IReadOnlyDictionary<string, double[]> Returns { get; }

    /// <summary>Episode lengths (steps) per task name.</summary>
    public IReadOnlyDictionary<string, double[]> Lengths { get; }

    /// <summary>A short display name, set by the report (path relative to the report when possible).</summary>
    public string Label { get; set; } = "";

    /// <summary>The config without the seed and comments: runs that differ only by seed share it.</summary>
    public string ConfigKey => _comparableYaml is null
        ? "algorithm: " + Summary.Algorithm
        : string.Join("\n", ConfigEntries().Where(e => e.Key != "seed").Select(e => e.Key + ": " + e.Value));

    /// <summary>Mean over tasks of the mean return of the last 50 episodes (NaN when unknown).</summary>
    public double FinalReturn
    {
        get
        {
            var values = Summary.Tasks.Select(t => t.MeanReturnLast50).Where(double.IsFinite).ToList();
            return values.Count == 0 ? double.NaN : values.Average();
        }
    }

    /// <summary>"key: value" lines of config.yaml in order, with the defaults of keys the file lacks.</summary>
    public IEnumerable<(string Key, string Value)> ConfigEntries()
    {
        if (_comparableYaml is null) yield break;
        foreach (string raw in _comparableYaml.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith('#') || line.StartsWith(' ')) continue;
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            string key = line[..colon], value = line[(colon + 1)..].Trim();
            // A source run per seed (teachers, prior, init) is one configuration: "…/seed3" groups with "…/seed4".
            if (key is "teachers" or TransferKeys.PriorRun or TransferKeys.InitFrom) value = HtmlReport.SeedPattern(value);
            yield return (key, value);
        }
    }

    /// <summary>Reads a run directory; a missing or malformed summary.json or metrics.csv is a <see cref="ConfigException"/>.</summary>
    public static HtmlReportRun Load(string directory)
    {
        var run = new RunDirectory(directory);
        string summaryPath = run.SummaryPath;
        if (!File.Exists(summaryPath)) throw new ConfigException($"{directory}: no {RunDirectory.SummaryFileName} (not a finished run directory)");
        var summary = RunSummary.Parse(ReadText(summaryPath), summaryPath);
        string configPath = run.ConfigPath;
        string? config = File.Exists(configPath) ? ReadText(configPath) : null;
        var returns = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var lengths = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        string metricsPath = run.MetricsPath;
        if (File.Exists(metricsPath)) ReadMetrics(metricsPath, returns, lengths);
        var limit = summary.Tasks.ToDictionary(t => t.Name, t => t.Episodes, StringComparer.Ordinal);
        Dictionary<string, double[]> Cut(Dictionary<string, List<double>> d) => summary.Tasks.ToDictionary(
            t => t.Name, t => d.TryGetValue(t.Name, out var v) ? v.Take(limit[t.Name]).ToArray() : [], StringComparer.Ordinal);
        return new HtmlReportRun(directory, summary, config, HtmlMachineInfo.Load(directory), Cut(returns), Cut(lengths));
    }

    private static string WithDefaults(string yaml, string source)
    {
        try
        {
            return ConfigLoader.Parse(yaml, source).ToYaml();
        }
        catch (ConfigException)
        {
            // A key this version no longer knows: compare the file as written.
            return yaml;
        }
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read ({e.Message.TrimEnd('.')})", e);
        }
    }

    // Rows are in finishing order; a task's episodes arrive in episode order, so appending keeps each curve sorted.
    private static void ReadMetrics(string path, Dictionary<string, List<double>> returns, Dictionary<string, List<double>> lengths)
    {
        using var reader = new StreamReader(path);
        var header = SplitCsv(reader.ReadLine() ?? "");
        int taskColumn = header.IndexOf("task"), stepsColumn = header.IndexOf("steps"), returnColumn = header.IndexOf("return");
        if (taskColumn < 0 || stepsColumn < 0 || returnColumn < 0) throw new ConfigException($"{path}: header lacks 'task', 'steps' or 'return'");
        int lineNumber = 1;
        while (reader.ReadLine() is string line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var fields = SplitCsv(line);
            if (fields.Count <= Math.Max(taskColumn, Math.Max(stepsColumn, returnColumn)))
                throw new ConfigException($"{path}:{lineNumber}: expected {header.Count} columns, found {fields.Count}");
            if (!double.TryParse(fields[returnColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out double r)
                || !double.TryParse(fields[stepsColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out double s))
                throw new ConfigException($"{path}:{lineNumber}: 'steps' or 'return' is not a number");
            string task = fields[taskColumn];
            if (!returns.TryGetValue(task, out var rl)) returns[task] = rl = [];
            if (!lengths.TryGetValue(task, out var ll)) lengths[task] = ll = [];
            rl.Add(r);
            ll.Add(s);
        }
    }

    /// <summary>Splits one CSV line, honouring RFC 4180 quotes (task names may be paths with commas).</summary>
    internal static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
