using System.Globalization;

namespace Distral.Experiments;

/// <summary>
/// The paper's Fig. 4 (A2) style: final returns of every run, sorted from best to worst within each group
/// (algorithm), plotted as dots against their rank so groups can be compared across seeds and settings.
/// </summary>
public static class SvgRankChart
{
    /// <summary>
    /// One line of dots per group, x = rank (1 = best), hover titles naming the run. <paramref name="colors"/> maps a
    /// group to its colour, so the dots match the group's colour elsewhere in a report; other groups take the palette.
    /// </summary>
    public static SvgLineChart Build(string title, string yLabel, IEnumerable<(string Group, string Run, double Value)> runs,
        IReadOnlyDictionary<string, string>? colors = null)
    {
        var series = new List<ChartSeries>();
        foreach (var group in runs.Where(r => double.IsFinite(r.Value)).GroupBy(r => r.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // Ties are broken by run name so the output does not depend on input order.
            var sorted = group.OrderByDescending(r => r.Value).ThenBy(r => r.Run, StringComparer.Ordinal).ToList();
            series.Add(new ChartSeries(group.Key, [.. Enumerable.Range(1, sorted.Count).Select(k => (double)k)], [.. sorted.Select(r => r.Value)])
            {
                Markers = true,
                Color = colors?.GetValueOrDefault(group.Key),
                PointTitles = [.. sorted.Select(r => r.Run + ": " + r.Value.ToString("0.###", CultureInfo.InvariantCulture))],
            });
        }
        int most = series.Count == 0 ? 1 : series.Max(s => s.X.Count);
        return new SvgLineChart
        {
            Title = title, XLabel = "run rank within its group (1 = best)", YLabel = yLabel, Series = series,
            // One empty rank on each side keeps the dots off the axes.
            XRange = (0, most + 1),
        };
    }
}
