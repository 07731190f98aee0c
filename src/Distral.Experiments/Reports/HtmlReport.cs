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
public static class HtmlReport
{
    /// <summary>The report's file name in a run directory.</summary>
    public const string FileName = "report.html";

    private sealed record Group(string Label, string Color, List<HtmlReportRun> Runs);

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
        h.Append("<p class=\"lead\">").Append(E(Invariant($"{runs.Count} run(s) of {groups.Count} configuration(s) on {tasks.Count} task(s): {string.Join(", ", tasks)}."))).Append("</p>\n");
        WriteContents(h);

        WriteRunsTable(h, runs, groups);

        h.Append("<h2 id=\"curves\">Learning curves</h2>\n<p>Every curve is a trailing moving average over ").Append(window)
            .Append(" episode(s) (episode k shows the mean of episodes k-").Append(window - 1).Append("..k). ")
            .Append(groups.Any(g => g.Runs.Count > 1)
                ? "Where a configuration has several seeds, the line is the mean over seeds and the shaded band is ± one standard deviation over seeds. "
                : "Each configuration has one seed here, so there is no band; with several seeds the band shows ± one standard deviation. ")
            .Append("Return is the undiscounted sum of rewards of an episode (higher is better); episode length is in environment steps (lower is better on gridworlds). Dashed lines mark the optimal return where it is known.</p>\n");
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

        h.Append("<h2 id=\"final\">Final returns across runs</h2>\n<p>Each dot is one run: its mean return over the last ")
            .Append(ExperimentRunner.LastWindow).Append(" episodes (all of them when fewer), averaged over tasks. Within each configuration the runs are sorted from best to worst, as in Fig. 4 of the Distral paper; a flatter, higher line means results that depend less on the seed. Hover a dot for its run.</p>\n");
        if (runs.Count < 2) h.Append("<p class=\"note\">Only one run: train more seeds (<code>--seed N</code>) and pass all run directories to <code>distral report</code> to compare.</p>\n");
        h.Append("<div class=\"charts\">\n");
        AddChart(h, svgs, "report-final-returns.svg", SvgRankChart.Build("Final return of every run, sorted", "mean return of the last episodes", runs.Select(r => (GroupOf(groups, r).Label, r.Label, r.FinalReturn))));
        h.Append("</div>\n");

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

        """;

    private static void WriteContents(StringBuilder h) =>
        h.Append("<nav><a href=\"#runs\">Runs</a><a href=\"#curves\">Learning curves</a><a href=\"#auc\">Area under the curve</a>")
            .Append("<a href=\"#final\">Final returns</a><a href=\"#tasks\">Per-task results</a><a href=\"#policy\">Policies</a>")
            .Append("<a href=\"#config\">Configuration</a><a href=\"#machine\">Machine</a></nav>\n");

    private static void WriteRunsTable(StringBuilder h, IReadOnlyList<HtmlReportRun> runs, IReadOnlyList<Group> groups)
    {
        h.Append("<h2 id=\"runs\">Runs</h2>\n<table>\n<tr><th class=\"text\">run directory</th><th class=\"text\">configuration</th><th>seed</th><th>episodes per task</th><th>env steps</th><th>wall time (s)</th><th>env steps/s</th><th>final return</th></tr>\n");
        foreach (var g in groups)
        {
            foreach (var r in g.Runs)
            {
                var s = r.Summary;
                string episodes = string.Join("/", s.Tasks.Select(t => t.Episodes).Distinct().Select(e => e.ToString(CultureInfo.InvariantCulture)));
                h.Append("<tr><td class=\"text\">").Append(E(r.Label)).Append("</td><td class=\"text\">").Append(Swatch(g.Color)).Append(E(g.Label))
                    .Append("</td><td>").Append(s.Seed).Append("</td><td>").Append(E(episodes)).Append("</td><td>").Append(s.EnvSteps)
                    .Append("</td><td>").Append(F(s.WallSeconds, "F1")).Append("</td><td>").Append(F(s.StepsPerSecond, "F0"))
                    .Append("</td><td>").Append(F(r.FinalReturn, "F2")).Append("</td></tr>\n");
            }
        }
        h.Append("</table>\n<p>Final return: mean return of the last ").Append(ExperimentRunner.LastWindow)
            .Append(" episodes (all when fewer), averaged over tasks.</p>\n");
    }

    private static void WriteAucTable(StringBuilder h, IReadOnlyList<Group> groups, IReadOnlyList<string> tasks)
    {
        h.Append("<h2 id=\"auc\">Area under the curve</h2>\n<p>AUC = sum of the returns of a task's training episodes (unsmoothed; higher is better: the agent learned sooner). Given as mean ± standard deviation over seeds; \"per episode\" divides by the number of episodes.</p>\n");
        h.Append("<table>\n<tr><th class=\"text\">configuration</th><th class=\"text\">task</th><th>seeds</th><th>episodes</th><th>AUC (sum of returns)</th><th>per episode</th></tr>\n");
        foreach (var g in groups)
        {
            for (int i = 0; i <= tasks.Count; i++)
            {
                bool all = i == tasks.Count;
                if (all && tasks.Count < 2) continue;
                string task = all ? "" : tasks[i];
                var sums = new List<double>();
                var means = new List<double>();
                int episodes = 0;
                foreach (var r in g.Runs)
                {
                    var curves = all ? r.Returns.Values.ToList() : r.Returns.TryGetValue(task, out var c) ? [c] : [];
                    if (curves.Count == 0 || curves.All(v => v.Length == 0)) continue;
                    sums.Add(curves.Sum(v => v.Sum()));
                    int n = curves.Sum(v => v.Length);
                    means.Add(sums[^1] / n);
                    episodes = Math.Max(episodes, n);
                }
                if (sums.Count == 0) continue;
                h.Append("<tr><td class=\"text\">").Append(Swatch(g.Color)).Append(E(g.Label)).Append("</td><td class=\"text\">").Append(all ? "<b>all tasks</b>" : E(task))
                    .Append("</td><td>").Append(sums.Count).Append("</td><td>").Append(episodes).Append("</td><td>").Append(E(ResultsTable.Stat(sums, "F1")))
                    .Append("</td><td>").Append(E(ResultsTable.Stat(means, "F3"))).Append("</td></tr>\n");
            }
        }
        h.Append("</table>\n");
    }

    private static void WriteTaskTables(StringBuilder h, IReadOnlyList<Group> groups)
    {
        h.Append("<h2 id=\"tasks\">Per-task results</h2>\n<p>From summary.json, mean ± standard deviation over seeds. \"Last ").Append(ExperimentRunner.LastWindow)
            .Append("\": the mean over the last 50 training episodes. Greedy: one evaluation episode after training acting greedily with the task policy, or with the distilled policy pi_0; compare the steps with the shortest path.</p>\n");
        foreach (var g in groups)
        {
            bool distilled = g.Runs.Any(r => r.Summary.Distilled is not null);
            h.Append("<h3>").Append(Swatch(g.Color)).Append(E(g.Label)).Append("</h3>\n<table>\n<tr><th class=\"text\">task</th><th>shortest path</th><th>optimal return</th><th>return, last 50</th><th>steps, last 50</th><th>greedy steps (task policy)</th>");
            if (distilled) h.Append("<th>greedy steps (pi_0)</th>");
            h.Append("</tr>\n");
            var names = g.Runs.SelectMany(r => r.Summary.Tasks.Select(t => t.Name)).Distinct().ToList();
            foreach (string name in names)
            {
                var rows = g.Runs.Select(r => (Run: r, Index: IndexOf(r.Summary.Tasks, name))).Where(x => x.Index >= 0).ToList();
                var first = rows[0].Run.Summary.Tasks[rows[0].Index];
                h.Append("<tr><td class=\"text\">").Append(E(name)).Append("</td><td>").Append(first.ShortestPath?.ToString(CultureInfo.InvariantCulture) ?? "-")
                    .Append("</td><td>").Append(first.OptimalReturn is double o ? F(o, "F2") : "-")
                    .Append("</td><td>").Append(E(ResultsTable.Stat(rows.Select(x => x.Run.Summary.Tasks[x.Index].MeanReturnLast50), "F2")))
                    .Append("</td><td>").Append(E(ResultsTable.Stat(rows.Select(x => x.Run.Summary.Tasks[x.Index].MeanDurationLast50), "F1")))
                    .Append("</td><td>").Append(E(ResultsTable.Stat(rows.Select(x => (double)x.Run.Summary.Tasks[x.Index].GreedySteps), "F1")));
                if (distilled)
                {
                    var pi0 = rows.Where(x => x.Run.Summary.Distilled is { } d && x.Index < d.GreedySteps.Count)
                        .Select(x => (double)x.Run.Summary.Distilled!.GreedySteps[x.Index]);
                    h.Append("</td><td>").Append(E(ResultsTable.Stat(pi0, "F1")));
                }
                h.Append("</td></tr>\n");
            }
            h.Append("</table>\n");
        }
    }

    private static void WritePolicies(StringBuilder h, List<(string FileName, string Svg)> svgs, IReadOnlyList<Group> groups, HtmlReportOptions options)
    {
        h.Append("<h2 id=\"policy\">Policies</h2>\n<p>Gridworld maps (dark: wall, blue: start, green: goal) with policy arrows in every free cell, for the first seed of each configuration. The distilled policy pi_0 is drawn with arrow length proportional to its probability; a task policy with its greedy action. Cells are evaluated as at the start of an episode (no previous action or reward).</p>\n");
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

    private static void WriteConfigs(StringBuilder h, IReadOnlyList<Group> groups)
    {
        h.Append("<h2 id=\"config\">Configuration</h2>\n");
        foreach (var g in groups)
        {
            var first = g.Runs[0];
            h.Append("<h3>").Append(Swatch(g.Color)).Append(E(g.Label)).Append("</h3>\n<details open=\"open\"><summary>Seeds: ")
                .Append(E(string.Join(", ", g.Runs.Select(r => r.Summary.Seed.ToString(CultureInfo.InvariantCulture))))).Append(". config.yaml of ").Append(E(first.Label))
                .Append(g.Runs.Count > 1 ? " (the other runs differ only in the seed)" : "").Append("</summary>\n<pre>")
                .Append(E(first.ConfigYaml ?? "(no config.yaml in the run directory)")).Append("</pre></details>\n");
        }
    }

    private static void WriteMachines(StringBuilder h, IReadOnlyList<HtmlReportRun> runs)
    {
        h.Append("<h2 id=\"machine\">Machine</h2>\n");
        var recorded = runs.Where(r => r.Machine is not null).GroupBy(r => r.Machine!).ToList();
        h.Append("<table>\n<tr><th class=\"text\">runs</th><th class=\"text\">OS</th><th class=\"text\">architecture</th><th>logical cores</th><th class=\"text\">.NET</th><th class=\"text\">host</th></tr>\n");
        foreach (var m in recorded)
            MachineRow(h, m.Key, m.Count() == runs.Count ? "all" : string.Join(", ", m.Select(r => r.Label)));
        if (recorded.Count == 0 || recorded.Sum(g => g.Count()) < runs.Count)
            MachineRow(h, HtmlMachineInfo.Current(), "this report was rendered here (runs without machine.json)");
        h.Append("</table>\n");
    }

    private static void MachineRow(StringBuilder h, HtmlMachineInfo m, string runs) =>
        h.Append("<tr><td class=\"text\">").Append(E(runs)).Append("</td><td class=\"text\">").Append(E(m.Os)).Append("</td><td class=\"text\">").Append(E(m.Architecture))
            .Append("</td><td>").Append(m.Cores).Append("</td><td class=\"text\">").Append(E(m.Dotnet)).Append("</td><td class=\"text\">").Append(E(m.Host)).Append("</td></tr>\n");

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
            if (siblings.Count > 1)
            {
                var mine = runsOfGroup[0].ConfigEntries().ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
                var others = siblings.Select(c => c[0].ConfigEntries().ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal)).ToList();
                var differing = mine.Keys.Where(k => k != "seed" && others.Any(o => o.GetValueOrDefault(k) != mine[k])).ToList();
                label = differing.Count > 0
                    ? algorithm + " (" + string.Join(", ", differing.Select(k => k + "=" + mine[k].Replace("\"", "", StringComparison.Ordinal))) + ")"
                    : Invariant($"{algorithm} #{siblings.IndexOf(runsOfGroup) + 1}");
            }
            groups.Add(new Group(label, SvgLineChart.Palette[i % SvgLineChart.Palette.Count], runsOfGroup));
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
}
