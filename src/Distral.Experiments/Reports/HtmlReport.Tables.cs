using System.Globalization;
using System.Text;

namespace Distral.Experiments;

/// <summary>The report's tables: runs, area under the curve, per-task results, configurations and machines.</summary>
public static partial class HtmlReport
{
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
}
