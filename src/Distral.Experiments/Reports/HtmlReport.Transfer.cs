using System.Globalization;
using System.Text;

namespace Distral.Experiments;

public static partial class HtmlReport
{
    /// <summary>
    /// The transfer section, when some run started from a finished run (`prior_run`, `init_from`): per configuration its
    /// source and mode and the transfer metrics on its (target) tasks, pooled over seeds and tasks, next to the runs
    /// that started from scratch. The learning curves above are the curves of the same groups.
    /// </summary>
    private static void WriteTransfer(StringBuilder h, IReadOnlyList<Group> groups)
    {
        if (!groups.Any(g => g.Runs.Any(r => r.Summary.Transfer is not null))) return;
        h.Append("<h2 id=\"transfer\">Transfer</h2>\n<p>Some of these runs started from a finished run: its pi_0 as the prior (<code>prior_run</code>, trainable or frozen) or its shared trunk as the initial hidden layers (<code>init_from</code>). ")
            .Append(CultureInfo.InvariantCulture, $"Per configuration, over seeds and tasks: <b>jumpstart</b> = mean return of the first {TransferMetrics.Window} episodes; <b>time to threshold</b> = episodes until the {TransferMetrics.Window}-episode mean duration is within {TransferMetrics.ThresholdFactor}x of the expected shortest path (runs that never get there count as their episode budget); ")
            .Append("<b>AUC</b> = mean return over all episodes; <b>final</b> = mean return of the last ").Append(TransferMetrics.Window).Append(" episodes. Compare a transfer configuration with the from-scratch ones on the same tasks.</p>\n");
        h.Append("<table>\n<tr><th class=\"text\">configuration</th><th class=\"text\">starts from</th><th>seeds</th><th>time to threshold (median)</th><th>reached</th><th>jumpstart</th><th>AUC</th><th>final</th></tr>\n");
        foreach (var g in groups)
        {
            var metrics = new List<TransferMetrics>();
            foreach (var r in g.Runs)
            {
                foreach (var t in r.Summary.Tasks)
                {
                    if (!r.Returns.TryGetValue(t.Name, out var returns) || !r.Lengths.TryGetValue(t.Name, out var lengths)) continue;
                    double? reference = t.MeanShortestPath ?? t.ShortestPath;
                    if (TransferMetrics.Of(returns, lengths, reference) is { } m) metrics.Add(m);
                }
            }
            if (metrics.Count == 0) continue;
            var transfer = g.Runs[0].Summary.Transfer;
            string from = transfer is null ? "scratch" : $"{transfer.Mode}: {SeedPattern(transfer.From)}";
            var times = metrics.Select(m => (double)m.TimeToThreshold).Order().ToList();
            double median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
            h.Append("<tr><td class=\"text\">").Append(Swatch(g.Color)).Append(E(g.Label)).Append("</td><td class=\"text\">").Append(E(from)).Append("</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{g.Runs.Count}</td><td>{median:0.#}</td><td>{metrics.Count(m => m.Reached)}/{metrics.Count}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{metrics.Average(m => m.Jumpstart):0.00}</td><td>{metrics.Average(m => m.AreaUnderCurve):0.00}</td><td>{metrics.Average(m => m.Final):0.00}</td></tr>\n");
        }
        h.Append("</table>\n");
    }

    /// <summary>A source run path with its seed folder generalised ("…/seed3" -> "…/seed*"): groups pool seeds whose sources differ only so.</summary>
    internal static string SeedPattern(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path, @"(^|[/\\])seed\d+(?=$|[/\\""])", "$1seed*");
}
