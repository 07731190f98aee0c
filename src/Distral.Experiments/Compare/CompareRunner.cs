using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;

namespace Distral.Experiments;

/// <summary>
/// Trains every configuration x seed (each an ordinary <see cref="ExperimentRunner"/> run into
/// &lt;out&gt;/&lt;name&gt;-&lt;seed&gt;), several at a time, then summarises each configuration over its seeds, writes
/// compare.json and one combined HTML report. Runs are independent and single-threaded, so a run's results do not
/// depend on how many run beside it.
/// </summary>
public static class CompareRunner
{
    /// <summary>The JSON summary's file name in the output directory.</summary>
    public const string JsonFileName = "compare.json";

    /// <summary>Runs <paramref name="request"/>; user errors (<see cref="ConfigException"/>) are raised before any training.</summary>
    public static CompareResult Run(CompareRequest request)
    {
        var runs = TrainAll(request);
        var rows = request.Entries.Select(e => Summarise(e, runs.Where(r => r.Name == e.Name).ToList())).ToList();
        string json = Path.Combine(request.OutputDirectory, JsonFileName);
        File.WriteAllText(json, ToJson(rows, runs, request.OutputDirectory) + "\n");
        string? report = null;
        if (request.WriteReport)
        {
            report = Path.Combine(request.OutputDirectory, HtmlReport.FileName);
            HtmlReport.Write([.. runs.Select(r => r.Directory)], report, new HtmlReportOptions { Title = request.ReportTitle });
        }
        return new CompareResult(runs, rows, report, json);
    }

    /// <summary>
    /// Checks every configuration, creates the output directory and trains all runs (<see cref="CompareRequest.Jobs"/>
    /// at a time); returns them in configuration order, then seed order. Used by the sweep too.
    /// </summary>
    public static IReadOnlyList<CompareRun> TrainAll(CompareRequest request)
    {
        Validate(request);
        ExperimentRunner.PrepareDirectory(request.OutputDirectory);
        var work = request.Entries.SelectMany(e => request.Seeds.Select(s => (Entry: e, Seed: s))).ToList();
        var results = new CompareRun[work.Count];
        var progress = request.Progress is null ? null : TextWriter.Synchronized(request.Progress);
        var options = new ParallelOptions { MaxDegreeOfParallelism = request.Jobs };
        try
        {
            Parallel.For(0, work.Count, options, i =>
            {
                var (entry, seed) = work[i];
                string name = RunName(entry.Name, seed);
                var config = entry.Config.With("seed", (long)seed);
                var result = ExperimentRunner.Run(new RunRequest
                {
                    Config = config,
                    OutputDirectory = Path.Combine(request.OutputDirectory, name),
                    Progress = progress is null ? null : new LinePrefixWriter(progress, $"[{name}] "),
                    Observer = request.ObserverFor?.Invoke(name, config),
                    ConfigSource = entry.Source,
                    AgentFactory = request.AgentFactory,
                    Cancel = request.Cancel,
                });
                results[i] = Measure(entry.Name, seed, result);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is ConfigException) is { } user)
        {
            // A user error in one run (e.g. an unwritable directory) is reported like any other: one line.
            ExceptionDispatchInfo.Capture(user).Throw();
        }
        return results;
    }

    /// <summary>
    /// Seeds from "1..5" (inclusive range), "1,3,7" or "4"; <paramref name="option"/> names the option in errors.
    /// </summary>
    public static IReadOnlyList<ulong> ParseSeeds(string text, string option)
    {
        string t = text.Trim();
        int dots = t.IndexOf("..", StringComparison.Ordinal);
        if (dots >= 0)
        {
            if (!ulong.TryParse(t[..dots], NumberStyles.None, CultureInfo.InvariantCulture, out ulong first)
                || !ulong.TryParse(t[(dots + 2)..], NumberStyles.None, CultureInfo.InvariantCulture, out ulong last) || last < first || last - first >= 10_000)
                throw new ConfigException($"{option} {text}: expected first..last (e.g. 1..5), a list (1,2,3) or one seed");
            var range = new List<ulong>();
            for (ulong s = first; s <= last; s++) range.Add(s);
            return range;
        }
        var seeds = new List<ulong>();
        foreach (string part in t.Split(','))
        {
            if (!ulong.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong s))
                throw new ConfigException($"{option} {text}: '{part}' is not a seed (expected first..last, a list 1,2,3 or one seed)");
            if (seeds.Contains(s)) throw new ConfigException($"{option} {text}: seed {s} is listed twice");
            seeds.Add(s);
        }
        return seeds;
    }

    /// <summary>The directory name of a run: &lt;name&gt;-&lt;seed&gt;.</summary>
    public static string RunName(string name, ulong seed) => name + "-" + seed.ToString(CultureInfo.InvariantCulture);

    /// <summary>A name usable as a directory name: letters, digits, '-', '_', '.' and '=' kept, everything else '_'.</summary>
    public static string SafeName(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '=' ? c : '_');
        return sb.Length == 0 ? "config" : sb.ToString();
    }

    /// <summary>The figures of one finished run (AUC from metrics.csv over each task's first <c>episodes</c> episodes).</summary>
    public static CompareRun Measure(string name, ulong seed, RunResult result)
    {
        var summary = result.Summary;
        var episodes = summary.Tasks.ToDictionary(t => t.Name, t => t.Episodes, StringComparer.Ordinal);
        double auc = ResultsTable.ReturnSums(new RunDirectory(result.Directory).MetricsPath, episodes).Values.Sum();
        return new CompareRun(name, seed, result.Directory, summary, auc, MeanFinite(summary.Tasks.Select(t => t.MeanReturnLast50)),
            MeanFinite(summary.Tasks.Select(t => t.MeanDurationLast50)));
    }

    /// <summary>Mean and sample standard deviation of the finite values (NaN when none; sd 0 for one value).</summary>
    public static (double Mean, double Sd) MeanAndSd(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToList();
        if (v.Count == 0) return (double.NaN, double.NaN);
        double mean = v.Average();
        return (mean, v.Count < 2 ? 0 : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1)));
    }

    private static void Validate(CompareRequest request)
    {
        if (request.Entries.Count == 0) throw new ConfigException("compare: no configurations given");
        if (request.Seeds.Count == 0) throw new ConfigException("compare: no seeds given");
        if (request.Jobs < 1) throw new ConfigException($"--jobs {request.Jobs}: must be at least 1");
        var duplicate = request.Entries.GroupBy(e => e.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ConfigException($"compare: two configurations are both named '{duplicate.Key}'");
        foreach (var entry in request.Entries)
        {
            // Everything ExperimentRunner would refuse, refused now: no run starts when one of them cannot.
            ConfigLoader.ValidateCombination(entry.Config, entry.Source);
            AlgorithmCatalog.Get(entry.Config.Algorithm);
            TaskResolver.Resolve(entry.Config);
        }
    }

    private static CompareRow Summarise(CompareEntry entry, IReadOnlyList<CompareRun> runs)
    {
        var (duration, durationSd) = MeanAndSd(runs.Select(r => r.MeanDurationLast50));
        var (auc, aucSd) = MeanAndSd(runs.Select(r => r.Auc));
        var (final, finalSd) = MeanAndSd(runs.Select(r => r.FinalReturn));
        return new CompareRow(entry.Name, entry.Config.Algorithm, runs.Count, duration, durationSd, auc, aucSd, final, finalSd);
    }

    private static double MeanFinite(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToList();
        return v.Count == 0 ? double.NaN : v.Average();
    }

    private static string ToJson(IReadOnlyList<CompareRow> rows, IReadOnlyList<CompareRun> runs, string outputDirectory)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("configs");
            foreach (var r in rows)
            {
                w.WriteStartObject();
                w.WriteString("name", r.Name);
                w.WriteString("algorithm", r.Algorithm);
                w.WriteNumber("seeds", r.Seeds);
                JsonNumbers.Write(w, "mean_duration_last50", r.DurationLast50);
                JsonNumbers.Write(w, "mean_duration_last50_sd", r.DurationLast50Sd);
                JsonNumbers.Write(w, "auc", r.Auc);
                JsonNumbers.Write(w, "auc_sd", r.AucSd);
                JsonNumbers.Write(w, "mean_return_last50", r.FinalReturn);
                JsonNumbers.Write(w, "mean_return_last50_sd", r.FinalReturnSd);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("runs");
            foreach (var r in runs) WriteRun(w, r, outputDirectory);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>One run as a JSON object: name, seed, directory (relative to the output directory) and its figures.</summary>
    internal static void WriteRun(Utf8JsonWriter w, CompareRun r, string outputDirectory)
    {
        w.WriteStartObject();
        w.WriteString("name", r.Name);
        w.WriteNumber("seed", r.Seed);
        w.WriteString("directory", Path.GetRelativePath(outputDirectory, r.Directory));
        JsonNumbers.Write(w, "auc", r.Auc);
        JsonNumbers.Write(w, "mean_return_last50", r.FinalReturn);
        JsonNumbers.Write(w, "mean_duration_last50", r.MeanDurationLast50);
        w.WriteNumber("env_steps", r.Summary.EnvSteps);
        JsonNumbers.Write(w, "wall_seconds", r.Summary.WallSeconds);
        w.WriteEndObject();
    }
}

/// <summary>JSON numbers rounded to 6 decimals; NaN/Inf (no value) as null.</summary>
internal static class JsonNumbers
{
    public static void Write(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, Math.Round(value, 6));
        else w.WriteNull(name);
    }
}

/// <summary>
/// Prefixes every line written through it and passes whole lines on, so lines of runs trained side by side do not
/// interleave mid-line in the shared (synchronized) writer.
/// </summary>
internal sealed class LinePrefixWriter(TextWriter inner, string prefix) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            inner.WriteLine(prefix + _line.ToString().TrimEnd('\r'));
            _line.Clear();
        }
        else
        {
            _line.Append(value);
        }
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        foreach (char c in value) Write(c);
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Write('\n');
    }

    public override void Flush() => inner.Flush();
}
