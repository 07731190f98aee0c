using System.Globalization;
using System.Text;

namespace Distral.Experiments;

/// <summary>
/// The self-contained HTML report of one or more run directories (inline SVG and CSS, no network): learning
/// curves per task and averaged over tasks (trailing moving average; mean ± one standard deviation over the
/// seeds of a configuration), the area under the curve, final returns of every run sorted (paper Fig. 4 A2
/// style), per-task results, policy pictures on gridworlds, the configuration and the machine. Each chart is
/// also written as an .svg file beside report.html.
/// </summary>
public static partial class HtmlReport
{
    /// <summary>The report's default file name: a run directory's (<see cref="RunDirectory.ReportFileName"/>), also used for sweep, compare and `distral report` output folders.</summary>
    public const string FileName = RunDirectory.ReportFileName;

    // Differences: the config keys that tell this group from others of its algorithm, when the label has no room for them.
    private sealed record Group(string Label, string Color, List<HtmlReportRun> Runs, string? Differences = null);

    /// <summary>Longer "algorithm (key=value, ...)" labels become "algorithm #k": they would squeeze tables and legends.</summary>
    internal const int MaxLabelLength = 48;

    /// <summary>
    /// Reads the runs, writes <paramref name="outputFile"/> and its SVG files (report-*.svg in the same folder) and
    /// returns every path written. A directory without summary.json is a <see cref="ConfigException"/>.
    /// </summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<string> runDirectories, string outputFile, HtmlReportOptions? options = null)
    {
        options ??= new HtmlReportOptions();
        if (runDirectories.Count == 0) throw new ConfigException("report: no run directories given");
        string outFull = Path.GetFullPath(outputFile);
        string outDir = Path.GetDirectoryName(outFull)!;
        var runs = runDirectories.Select(HtmlReportRun.Load).ToList();
        SetLabels(runs);
        var (html, svgs) = Render(runs, options);
        Directory.CreateDirectory(outDir);
        var written = new List<string>();
        foreach (var (name, svg) in svgs)
        {
            string path = Path.Combine(outDir, name);
            File.WriteAllText(path, svg);
            written.Add(path);
        }
        File.WriteAllText(outFull, html);
        written.Add(outFull);
        return written;
    }

    /// <summary>The HTML text and the (file name, SVG) charts it embeds.</summary>
    internal static (string Html, List<(string FileName, string Svg)> Svgs) Render(IReadOnlyList<HtmlReportRun> runs, HtmlReportOptions options)
    {
        var groups = MakeGroups(runs);
        var tasks = runs.SelectMany(r => r.Summary.Tasks.Select(t => t.Name)).Distinct().ToList();
        int maxEpisodes = runs.SelectMany(r => r.Returns.Values.Select(v => v.Length)).DefaultIfEmpty(0).Max();
        int window = ChartCurves.SmoothingWindow(maxEpisodes);
        var svgs = new List<(string FileName, string Svg)>();
        var h = new StringBuilder();

        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>").Append(E(options.Title)).Append("</title>\n<style>\n")
            .Append(Css).Append("</style>\n</head>\n<body>\n");
        h.Append("<h1>").Append(E(options.Title)).Append("</h1>\n");
        h.Append("<p class=\"lead\">").Append(E(Invariant($"{HtmlReportGuide.Count(runs.Count, "run")} of {HtmlReportGuide.Count(groups.Count, "configuration")} on {HtmlReportGuide.Count(tasks.Count, "task")}: {string.Join(", ", tasks)}."))).Append("</p>\n");
        WriteContents(h);
        HtmlReportGuide.WriteAbout(h, [.. groups.Select(g => new HtmlReportGuide.GroupFacts(g.Label, g.Color, g.Runs[0].Summary.Algorithm, g.Differences,
            Mean(g.Runs.Select(r => r.FinalReturn)), Mean(g.Runs.Select(r => r.Returns.Values.Sum(v => v.Sum())))))]);

        WriteRunsTable(h, runs, groups);

        h.Append("<h2 id=\"curves\">Learning curves</h2>\n<p>Every curve is a trailing moving average over ").Append(window)
            .Append(" episode(s) (episode k shows the mean of episodes k-").Append(window - 1).Append("..k). ")
            .Append(groups.Any(g => g.Runs.Count > 1)
                ? "Where a configuration has several seeds, the line is the mean over seeds and the shaded band is ± one standard deviation over seeds. "
                : "Each configuration has one seed here, so there is no band; with several seeds the band shows ± one standard deviation. ")
            .Append("Return is the undiscounted sum of rewards of an episode (higher is better); episode length is in environment steps (lower is better on gridworlds). ")
            .Append(runs.Any(r => r.Summary.Tasks.Any(t => t.OptimalReturn is not null))
                ? "A dashed line marks the optimal return of a task (the best any policy can get from its fixed start)."
                : "No dashed optimal-return line: these tasks have no single optimal return (e.g. the start is random).")
            .Append("</p>\n");
        h.Append("<div class=\"charts\">\n");
        AddChart(h, svgs, "report-return-mean.svg", CurveChart(groups, tasks, window, r => r.Returns, "Return averaged over tasks", "return (mean over tasks)"));
        AddChart(h, svgs, "report-length-mean.svg", CurveChart(groups, tasks, window, r => r.Lengths, "Episode length averaged over tasks", "steps per episode (mean over tasks)"));
        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (string task in tasks)
        {
            var chart = CurveChart(groups, [task], window, r => r.Returns, "Return on " + task, "return per episode");
            double? optimal = runs.SelectMany(r => r.Summary.Tasks).FirstOrDefault(t => t.Name == task)?.OptimalReturn;
            if (optimal is double o) chart = new SvgLineChart
            {
                Title = chart.Title, XLabel = chart.XLabel, YLabel = chart.YLabel, Series = chart.Series,
                ReferenceLines = [(o, Invariant($"optimal {o:0.##}"))],
            };
            AddChart(h, svgs, UniqueName("report-return-" + Slug(task), usedNames) + ".svg", chart);
        }
        h.Append("</div>\n");

        WriteAucTable(h, groups, tasks);
        WriteTransfer(h, groups);

        WriteFinalReturns(h, svgs, runs, groups);
        WriteTaskTables(h, groups);
        WritePolicies(h, svgs, groups, options);
        WriteConfigs(h, groups);
        WriteMachines(h, runs);
        h.Append("<p class=\"footer\">Generated by Distral.NET ").Append(E(typeof(HtmlReport).Assembly.GetName().Version?.ToString(3) ?? "?"))
            .Append(" from summary.json, metrics.csv and config.yaml; the charts are also saved as report-*.svg beside this file. Re-render with <code>distral report DIR...</code>.</p>\n");
        h.Append("</body>\n</html>\n");
        return (h.ToString(), svgs);
    }

    private const string Css = """
        body { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #222; margin: 24px auto; max-width: 1160px; padding: 0 16px; line-height: 1.45; }
        h1 { font-size: 26px; margin-bottom: 4px; }
        h2 { font-size: 20px; margin-top: 34px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        h3 { font-size: 16px; margin-top: 22px; }
        p.lead { color: #555; margin-top: 0; }
        p.note { background: #fff8e1; border-left: 4px solid #f0b400; padding: 6px 10px; }
        p.footer { color: #777; font-size: 13px; margin-top: 40px; }
        nav { font-size: 14px; }
        nav a { margin-right: 14px; }
        table { border-collapse: collapse; font-size: 14px; margin: 8px 0; }
        th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: right; }
        th { background: #f4f4f4; }
        td.text, th.text { text-align: left; }
        .charts { display: flex; flex-wrap: wrap; gap: 12px; }
        .charts svg { max-width: 100%; height: auto; border: 1px solid #eee; }
        figure { margin: 0 8px 12px 0; display: inline-block; vertical-align: top; max-width: 360px; }
        figcaption { font-size: 13px; color: #444; }
        pre { background: #f7f7f7; border: 1px solid #e5e5e5; padding: 8px; font-size: 12.5px; overflow-x: auto; }
        code { background: #f2f2f2; padding: 0 3px; }
        details summary { cursor: pointer; margin: 6px 0; }
        table { display: block; max-width: 100%; overflow-x: auto; }
        td:not(.text) { white-space: nowrap; }
        td.good { background: #e8f5e9; }
        td.bad { background: #fdecea; }
        span.why { color: #a33; font-size: 12px; }
        div.about { background: #f5f8fc; border: 1px solid #dde6f0; padding: 4px 14px; margin: 14px 0; font-size: 14.5px; }
        div.about ul { margin: 4px 0 8px; padding-left: 20px; }

        """;

    private static void WriteContents(StringBuilder h) =>
        h.Append("<nav><a href=\"#runs\">Runs</a><a href=\"#curves\">Learning curves</a><a href=\"#auc\">Area under the curve</a>")
            .Append("<a href=\"#final\">Final returns</a><a href=\"#tasks\">Per-task results</a><a href=\"#policy\">Policies</a>")
            .Append("<a href=\"#config\">Configuration</a><a href=\"#machine\">Machine</a></nav>\n");

    private static void WriteFinalReturns(StringBuilder h, List<(string FileName, string Svg)> svgs, IReadOnlyList<HtmlReportRun> runs, IReadOnlyList<Group> groups)
    {
        h.Append("<h2 id=\"final\">Final returns across runs</h2>\n");
        var rankChart = SvgRankChart.Build("Final return of every run, sorted", "mean return of the last episodes",
            runs.Select(r => (GroupOf(groups, r).Label, r.Label, r.FinalReturn)), groups.ToDictionary(g => g.Label, g => g.Color));
        if (groups.All(g => g.Runs.Count < 2))
        {
            // One dot per configuration says nothing the Runs table does not; the SVG file is still written.
            svgs.Add(("report-final-returns.svg", rankChart.ToSvg()));
            h.Append("<p class=\"note\">Each configuration has a single run here, so there is nothing to rank: its final return is in the <a href=\"#runs\">Runs</a> table. ")
                .Append("Train more seeds (<code>--seed N</code>) and pass all run directories to <code>distral report</code> to see how much the result depends on the seed.</p>\n");
            return;
        }
        h.Append("<p>Each dot is one run: its mean return over the last ").Append(ExperimentRunner.LastWindow)
            .Append(" episodes (all of them when fewer), averaged over tasks. Within each configuration the runs are sorted from best to worst, as in Fig. 4 of the Distral paper; a flatter, higher line means results that depend less on the seed. Hover a dot for its run.</p>\n");
        h.Append("<div class=\"charts\">\n");
        AddChart(h, svgs, "report-final-returns.svg", rankChart);
        h.Append("</div>\n");
    }

    private static void WritePolicies(StringBuilder h, List<(string FileName, string Svg)> svgs, IReadOnlyList<Group> groups, HtmlReportOptions options)
    {
        h.Append("<h2 id=\"policy\">Policies</h2>\n<p>What the trained policies do on each gridworld map, for the first seed of each configuration: dark cells are walls, ")
            .Append("the green cell is the task's goal and a blue cell its fixed start (tasks with a random start have none). Every free cell is evaluated as at the start of an episode (no previous action or reward). ")
            .Append("A <b>task policy</b> picture shows the one action its policy prefers (greedy) in each cell. ")
            .Append("The <b>distilled policy pi_0</b> picture shows all four action probabilities at once: one arrow per action from the cell's centre, as long as its probability. ")
            .Append("An arrow pointing both ways means pi_0 finds two directions about equally likely: it hedges between tasks whose goals lie in different directions, ")
            .Append("and where it points one way all tasks agree.</p>\n");
        var corridor = groups.SelectMany(g => g.Runs.Where(r => r.Summary.Pi0Corridor is not null).Select(r => (Group: g, Run: r))).ToList();
        if (corridor.Count > 0)
        {
            h.Append("<p>pi_0 in the two-room corridor (paper Fig. 3): after moving left or right with no reward, the probability of continuing in that direction, and of turning up or down.</p>\n<table>\n<tr><th class=\"text\">run</th><th>P(continue)</th><th>P(up or down)</th></tr>\n");
            foreach (var (g, r) in corridor)
                h.Append("<tr><td class=\"text\">").Append(Swatch(g.Color)).Append(E(r.Label)).Append("</td><td>").Append(F(r.Summary.Pi0Corridor!.PContinue, "F2"))
                    .Append("</td><td>").Append(F(r.Summary.Pi0Corridor.PVertical, "F2")).Append("</td></tr>\n");
            h.Append("</table>\n");
        }
        int index = 0;
        foreach (var g in groups)
        {
            var run = g.Runs[0];
            var (pictures, note) = options.PolicyPictures is { } provider ? provider(run.Directory) : SvgPolicyMaps.FromCheckpoint(run.Directory);
            h.Append("<h3>").Append(Swatch(g.Color)).Append(E(g.Label)).Append(" — ").Append(E(run.Label)).Append("</h3>\n");
            if (pictures.Count == 0)
            {
                h.Append("<p class=\"note\">No policy pictures: ").Append(E(note ?? "the tasks are not gridworlds")).Append(".</p>\n");
                continue;
            }
            if (note is not null) h.Append("<p class=\"note\">").Append(E(note)).Append("</p>\n");
            index++;
            for (int k = 0; k < pictures.Count; k++)
            {
                string name = Invariant($"report-policy-{index}-{k + 1}.svg");
                svgs.Add((name, pictures[k].Svg));
                // Every GridRenderer SVG defines its arrow head as id="head"; inlined together the ids must differ.
                string inline = pictures[k].Svg.Replace("id=\"head\"", $"id=\"head-{index}-{k + 1}\"", StringComparison.Ordinal)
                    .Replace("url(#head)", $"url(#head-{index}-{k + 1})", StringComparison.Ordinal);
                h.Append("<figure>").Append(inline).Append("<figcaption>").Append(E(pictures[k].Caption)).Append("</figcaption></figure>\n");
            }
        }
    }

    /// <summary>
    /// Mean over seeds (± sd band with several seeds) of each run's smoothed curve averaged over <paramref name="tasks"/>.
    /// </summary>
    private static SvgLineChart CurveChart(IReadOnlyList<Group> groups, IReadOnlyList<string> tasks, int window,
        Func<HtmlReportRun, IReadOnlyDictionary<string, double[]>> select, string title, string yLabel)
    {
        var series = new List<ChartSeries>();
        foreach (var g in groups)
        {
            var perRun = new List<IReadOnlyList<double>>();
            foreach (var r in g.Runs)
            {
                var curves = tasks.Select(t => select(r).TryGetValue(t, out var v) ? v : null).Where(v => v is { Length: > 0 })
                    .Select(v => (IReadOnlyList<double>)ChartCurves.MovingAverage(v!, window)).ToList();
                if (curves.Count > 0) perRun.Add(ChartCurves.Average(curves));
            }
            if (perRun.Count == 0) continue;
            var (mean, sd) = ChartCurves.MeanAndSpread(perRun);
            var x = Enumerable.Range(1, mean.Length).Select(k => (double)k).ToArray();
            string name = perRun.Count > 1 ? Invariant($"{g.Label} ({perRun.Count} seeds)") : g.Label;
            series.Add(new ChartSeries(name, x, mean)
            {
                Color = g.Color,
                Low = perRun.Count > 1 ? mean.Select((m, k) => m - sd[k]).ToArray() : null,
                High = perRun.Count > 1 ? mean.Select((m, k) => m + sd[k]).ToArray() : null,
            });
        }
        return new SvgLineChart { Title = title, XLabel = "episode", YLabel = yLabel, Series = series };
    }

    private static void AddChart(StringBuilder h, List<(string FileName, string Svg)> svgs, string fileName, SvgLineChart chart)
    {
        string svg = chart.ToSvg();
        svgs.Add((fileName, svg));
        h.Append(svg);
    }

    // Runs that differ only by seed form one group; groups sharing an algorithm are told apart by the keys that differ.
    private static List<Group> MakeGroups(IReadOnlyList<HtmlReportRun> runs)
    {
        var clusters = runs.GroupBy(r => r.ConfigKey, StringComparer.Ordinal).Select(g => g.OrderBy(r => r.Summary.Seed).ThenBy(r => r.Label, StringComparer.Ordinal).ToList()).ToList();
        var groups = new List<Group>();
        for (int i = 0; i < clusters.Count; i++)
        {
            var runsOfGroup = clusters[i];
            string algorithm = runsOfGroup[0].Summary.Algorithm;
            var siblings = clusters.Where(c => c[0].Summary.Algorithm == algorithm).ToList();
            string label = algorithm;
            string? differences = null;
            if (siblings.Count > 1)
            {
                var mine = runsOfGroup[0].ConfigEntries().ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
                var others = siblings.Select(c => c[0].ConfigEntries().ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal)).ToList();
                var differing = mine.Keys.Where(k => k != "seed" && others.Any(o => o.GetValueOrDefault(k) != mine[k])).ToList();
                string keys = string.Join(", ", differing.Select(k => k + "=" + mine[k].Replace("\"", "", StringComparison.Ordinal)));
                label = differing.Count > 0 ? algorithm + " (" + keys + ")" : Invariant($"{algorithm} #{siblings.IndexOf(runsOfGroup) + 1}");
                if (label.Length > MaxLabelLength)
                {
                    label = Invariant($"{algorithm} #{siblings.IndexOf(runsOfGroup) + 1}");
                    differences = keys;
                }
            }
            groups.Add(new Group(label, SvgLineChart.Palette[i % SvgLineChart.Palette.Count], runsOfGroup, differences));
        }
        return groups;
    }

    private static Group GroupOf(IReadOnlyList<Group> groups, HtmlReportRun run) => groups.First(g => g.Runs.Contains(run));

    private static int IndexOf(IReadOnlyList<TaskSummary> tasks, string name)
    {
        for (int i = 0; i < tasks.Count; i++) if (tasks[i].Name == name) return i;
        return -1;
    }

    // Runs are named by their path below the deepest folder they share ("a1", "sweep/b2"); the shared folder
    // itself (a demo run holding its baseline) and a lone run go by their directory name.
    private static void SetLabels(IReadOnlyList<HtmlReportRun> runs)
    {
        var full = runs.Select(r => Path.GetFullPath(r.Directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)).ToList();
        var parts = full.Select(f => f.Split(Path.DirectorySeparatorChar)).ToList();
        int common = 0;
        while (parts.All(p => p.Length > common && p[common] == parts[0][common])) common++;
        string root = string.Join(Path.DirectorySeparatorChar, parts[0].Take(common));
        for (int i = 0; i < runs.Count; i++)
        {
            string relative = common == 0 ? full[i] : Path.GetRelativePath(root.Length == 0 ? Path.DirectorySeparatorChar.ToString() : root, full[i]);
            runs[i].Label = runs.Count == 1 || relative == "." ? Path.GetFileName(full[i]) : relative;
        }
    }

    /// <summary>A file-name-safe form of a task name ("two-room-random:3" -> "two-room-random_3").</summary>
    internal static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        return sb.Length == 0 ? "task" : sb.ToString();
    }

    private static string UniqueName(string name, HashSet<string> used)
    {
        string candidate = name;
        for (int k = 2; !used.Add(candidate); k++) candidate = Invariant($"{name}-{k}");
        return candidate;
    }

    private static string Swatch(string color) => "<span style=\"color:" + E(color) + "\">&#9632;</span> ";

    private static string E(string text) => SvgCanvas.Escape(text);

    private static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static double Mean(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        return finite.Count == 0 ? double.NaN : finite.Average();
    }
}
