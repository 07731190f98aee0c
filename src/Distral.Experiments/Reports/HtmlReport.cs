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

    private static void WriteAucTable(StringBuilder h, IReadOnlyList<Group> groups, IReadOnlyList<string> tasks)
    {
        h.Append("<h2 id=\"auc\">Area under the curve</h2>\n<p>AUC = sum of the returns of a task's training episodes (unsmoothed; higher is better: the agent learned sooner). Given as mean ± standard deviation over seeds; \"per episode\" divides by the number of episodes.")
            .Append(groups.Count > 1 ? " The best configuration of each task is in bold." : "").Append("</p>\n");
        var rows = new List<(Group Group, string Task, List<double> Sums, List<double> Means, int Episodes)>();
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
                if (sums.Count > 0) rows.Add((g, task, sums, means, episodes));
            }
        }
        // Per episode, not the sum: configurations may have run different numbers of episodes.
        var best = rows.GroupBy(r => r.Task).Where(t => t.Count() > 1).ToDictionary(t => t.Key, t => t.Max(r => r.Means.Average()));
        h.Append("<table>\n<tr><th class=\"text\">configuration</th><th class=\"text\">task</th><th>seeds</th><th>episodes</th><th>AUC (sum of returns)</th><th>per episode</th></tr>\n");
        foreach (var (g, task, sums, means, episodes) in rows)
        {
            bool isBest = best.TryGetValue(task, out double top) && means.Average() == top;
            string open = isBest ? "<b>" : "", close = isBest ? "</b>" : "";
            h.Append("<tr><td class=\"text\">").Append(Swatch(g.Color)).Append(E(g.Label)).Append("</td><td class=\"text\">").Append(task.Length == 0 ? "<b>all tasks</b>" : E(task))
                .Append("</td><td>").Append(sums.Count).Append("</td><td>").Append(episodes).Append("</td><td>").Append(open).Append(E(ResultsTable.Stat(sums, "F1"))).Append(close)
                .Append("</td><td>").Append(open).Append(E(ResultsTable.Stat(means, "F3"))).Append(close).Append("</td></tr>\n");
        }
        h.Append("</table>\n");
    }

    private static void WriteTaskTables(StringBuilder h, IReadOnlyList<Group> groups)
    {
        h.Append("<h2 id=\"tasks\">Per-task results</h2>\n<p>From summary.json; with several seeds, mean ± standard deviation over seeds. \"Last ").Append(ExperimentRunner.LastWindow)
            .Append("\": the mean over each task's last ").Append(ExperimentRunner.LastWindow).Append(" training episodes (training still explores, so these are worse than greedy). ")
            .Append("Greedy: one evaluation episode after training (from the task's start, or a random one where the task has none) that always takes the most probable action, of the task's own policy or of the distilled policy pi_0. ")
            .Append("Green with &#10003;: the shortest path; red: the goal was not reached within the step limit (<code>max_episode_steps</code>). ")
            .Append("pi_0 is the behaviour the tasks share, not a policy for any one of them: it need not solve every task, but when it does, the tasks have much in common.</p>\n");
        foreach (var g in groups)
        {
            bool distilled = g.Runs.Any(r => r.Summary.Distilled is not null);
            var names = g.Runs.SelectMany(r => r.Summary.Tasks.Select(t => t.Name)).Distinct().ToList();
            var all = g.Runs.SelectMany(r => r.Summary.Tasks).ToList();
            // Columns that would be "-" in every row (tasks with a random start) only add noise.
            bool shortest = all.Any(t => t.ShortestPath is not null), optimal = all.Any(t => t.OptimalReturn is not null);
            h.Append("<h3>").Append(Swatch(g.Color)).Append(E(g.Label)).Append("</h3>\n<table>\n<tr><th class=\"text\">task</th>");
            if (shortest) h.Append("<th>shortest path (steps)</th>");
            if (optimal) h.Append("<th>optimal return</th>");
            h.Append("<th>return, last 50</th><th>steps per episode, last 50</th><th>greedy steps, task policy</th>");
            if (distilled) h.Append("<th>greedy steps, pi_0 (distilled)</th>");
            h.Append("</tr>\n");
            foreach (string name in names)
            {
                var rows = g.Runs.Select(r => (Run: r, Index: IndexOf(r.Summary.Tasks, name))).Where(x => x.Index >= 0).ToList();
                var first = rows[0].Run.Summary.Tasks[rows[0].Index];
                string stat = rows.Count > 1 ? "F1" : "F0";
                h.Append("<tr><td class=\"text\">").Append(E(name)).Append("</td>");
                if (shortest) h.Append("<td>").Append(first.ShortestPath?.ToString(CultureInfo.InvariantCulture) ?? "-").Append("</td>");
                if (optimal) h.Append("<td>").Append(first.OptimalReturn is double o ? F(o, "F2") : "-").Append("</td>");
                h.Append("<td>").Append(E(ResultsTable.Stat(rows.Select(x => x.Run.Summary.Tasks[x.Index].MeanReturnLast50), "F2")))
                    .Append("</td><td>").Append(E(ResultsTable.Stat(rows.Select(x => x.Run.Summary.Tasks[x.Index].MeanDurationLast50), "F1"))).Append("</td>");
                h.Append(GreedyCell([.. rows.Select(x => (x.Run.Summary.Tasks[x.Index].GreedySteps, StepLimit(x.Run)))], first.ShortestPath, stat));
                if (distilled)
                {
                    var pi0 = rows.Where(x => x.Run.Summary.Distilled is { } d && x.Index < d.GreedySteps.Count)
                        .Select(x => (x.Run.Summary.Distilled!.GreedySteps[x.Index], StepLimit(x.Run))).ToList();
                    h.Append(GreedyCell(pi0, first.ShortestPath, stat));
                }
                h.Append("</tr>\n");
            }
            h.Append("</table>\n");
        }
    }

    /// <summary>
    /// A table cell with the greedy episode lengths of several seeds: red with the count of seeds that ran into the
    /// step limit (the goal was not reached), green with a tick when every seed took the shortest path.
    /// </summary>
    internal static string GreedyCell(IReadOnlyList<(int Steps, int? Limit)> results, int? shortestPath, string format)
    {
        if (results.Count == 0) return "<td>-</td>";
        string text = E(ResultsTable.Stat(results.Select(x => (double)x.Steps), format));
        int failed = results.Count(x => x.Limit is int limit && x.Steps >= limit);
        if (failed > 0)
        {
            string why = results.Count == 1 ? "step limit: goal not reached" : Invariant($"{failed} of {results.Count} seeds hit the step limit");
            return "<td class=\"bad\">" + text + " <span class=\"why\">(" + why + ")</span></td>";
        }
        if (shortestPath is int best && results.All(x => x.Steps == best)) return "<td class=\"good\">" + text + " &#10003;</td>";
        return "<td>" + text + "</td>";
    }

    // max_episode_steps of a run's config.yaml; null for runs without one.
    private static int? StepLimit(HtmlReportRun run)
    {
        foreach (var (key, value) in run.ConfigEntries())
            if (key == "max_episode_steps" && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int limit)) return limit;
        return null;
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
