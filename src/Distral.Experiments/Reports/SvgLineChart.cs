namespace Distral.Experiments;

/// <summary>
/// A line chart as a standalone SVG: several <see cref="ChartSeries"/> (lines, optional shaded bands and
/// markers), axes with nice ticks, grid lines, axis labels, a title, a legend below the plot and optional
/// labelled horizontal reference lines (e.g. the optimal return). Output depends only on the inputs.
/// </summary>
public sealed class SvgLineChart
{
    /// <summary>Tableau-10 colours, assigned to series in order.</summary>
    public static readonly IReadOnlyList<string> Palette =
        ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    private const double LeftMargin = 64, RightMargin = 20, TopMargin = 34, AxisSpace = 44;
    private const double LegendRowHeight = 18, LegendCharWidth = 6.6, LegendSwatch = 22;

    /// <summary>Title above the plot.</summary>
    public string Title { get; init; } = "";

    /// <summary>Label of the x axis.</summary>
    public string XLabel { get; init; } = "";

    /// <summary>Label of the y axis.</summary>
    public string YLabel { get; init; } = "";

    /// <summary>Total width in px.</summary>
    public double Width { get; init; } = 560;

    /// <summary>Height of title + plot + axes in px (the legend adds rows below).</summary>
    public double Height { get; init; } = 320;

    /// <summary>The series, drawn in order (bands first, then lines).</summary>
    public IReadOnlyList<ChartSeries> Series { get; init; } = [];

    /// <summary>Horizontal dashed lines with a label at their right end.</summary>
    public IReadOnlyList<(double Y, string Label)> ReferenceLines { get; init; } = [];

    /// <summary>Fixed x range (e.g. padding around ranks so dots do not sit on the axis); null fits the data.</summary>
    public (double Min, double Max)? XRange { get; init; }

    /// <summary>Integer-only x ticks (episode numbers, ranks).</summary>
    public bool IntegerX { get; init; } = true;

    /// <summary>The x axis chosen for the data.</summary>
    public ChartAxis XAxis()
    {
        var (lo, hi) = XRange ?? Range(Series.SelectMany(s => s.X));
        var axis = ChartAxis.Nice(lo, hi, 6);
        return IntegerX && axis.Step < 1 ? new ChartAxis(Math.Floor(lo), Math.Max(Math.Ceiling(hi), Math.Floor(lo) + 1), 1) : axis;
    }

    /// <summary>The y axis chosen for the data (lines, bands and reference lines).</summary>
    public ChartAxis YAxis()
    {
        var values = Series.SelectMany(s => s.Y.Concat(s.Low ?? []).Concat(s.High ?? [])).Concat(ReferenceLines.Select(r => r.Y));
        var (lo, hi) = Range(values);
        return ChartAxis.Nice(lo, hi, 6);
    }

    /// <summary>The plot rectangle (left, top, right, bottom) in px.</summary>
    public (double Left, double Top, double Right, double Bottom) PlotArea() =>
        (LeftMargin, TopMargin, Width - RightMargin, Height - AxisSpace);

    /// <summary>The SVG document.</summary>
    public string ToSvg()
    {
        var legend = LegendLayout();
        double totalHeight = Height + (legend.Count == 0 ? 0 : legend[^1].Row * LegendRowHeight + LegendRowHeight + 6);
        var svg = new SvgCanvas(Width, totalHeight, Title);
        svg.Rect(0, 0, Width, totalHeight, "#ffffff");
        svg.Text(Width / 2, 20, Title, "middle", 14, bold: true);
        var (left, top, right, bottom) = PlotArea();
        var xAxis = XAxis();
        var yAxis = YAxis();
        double Px(double x) => left + (x - xAxis.Min) / (xAxis.Max - xAxis.Min) * (right - left);
        double Py(double y) => bottom - (y - yAxis.Min) / (yAxis.Max - yAxis.Min) * (bottom - top);

        foreach (double t in yAxis.Ticks)
        {
            svg.Line(left, Py(t), right, Py(t), "#e6e6e6", cssClass: "grid");
            svg.Text(left - 6, Py(t) + 4, yAxis.Format(t), "end", 11);
        }
        var xTicks = xAxis.Ticks;
        foreach (double t in xTicks)
        {
            svg.Line(Px(t), bottom, Px(t), bottom + 4, "#555555");
            svg.Text(Px(t), bottom + 17, xAxis.Format(t), "middle", 11);
        }
        svg.Line(left, bottom, right, bottom, "#555555");
        svg.Line(left, top, left, bottom, "#555555");
        svg.Text((left + right) / 2, bottom + 35, XLabel, "middle", 12);
        svg.Text(16, (top + bottom) / 2, YLabel, "middle", 12, rotate: -90);

        for (int i = 0; i < Series.Count; i++)
        {
            var s = Series[i];
            if (s.Low is null || s.High is null) continue;
            foreach (var run in FiniteRuns(s, withBand: true))
            {
                var polygon = new List<(double, double)>();
                foreach (int k in run) polygon.Add((Px(s.X[k]), Py(s.High[k])));
                for (int j = run.Count - 1; j >= 0; j--) polygon.Add((Px(s.X[run[j]]), Py(s.Low[run[j]])));
                svg.Polygon(polygon, ColorOf(i), 0.18);
            }
        }
        foreach (var (y, _) in ReferenceLines) svg.Line(left, Py(y), right, Py(y), "#666666", 1, "5,4", "reference");
        for (int i = 0; i < Series.Count; i++)
        {
            var s = Series[i];
            string color = ColorOf(i);
            foreach (var run in FiniteRuns(s, withBand: false))
            {
                if (run.Count > 1) svg.Polyline([.. run.Select(k => (Px(s.X[k]), Py(s.Y[k])))], color, 1.8, s.Dashed ? "6,4" : null);
                if (s.Markers || run.Count == 1)
                    foreach (int k in run) svg.Circle(Px(s.X[k]), Py(s.Y[k]), 3.2, color, s.PointTitles?[k]);
            }
        }
        // Labels after the series: a curve that reaches the reference line must not hide its label.
        foreach (var (y, label) in ReferenceLines) svg.Text(right - 4, Py(y) - 4, label, "end", 10, fill: "#444444", halo: true);

        foreach (var item in legend)
        {
            double y = Height + item.Row * LegendRowHeight + 8;
            string color = ColorOf(item.Series);
            svg.Line(item.X, y, item.X + LegendSwatch - 6, y, color, 3, Series[item.Series].Dashed ? "6,4" : null);
            svg.Text(item.X + LegendSwatch, y + 4, Series[item.Series].Name, "start", 11);
        }
        return svg.ToString();
    }

    private string ColorOf(int index) => Series[index].Color ?? Palette[index % Palette.Count];

    // Legend items flow left to right below the x-axis label and wrap to new rows.
    private List<(int Series, double X, int Row)> LegendLayout()
    {
        var items = new List<(int, double, int)>();
        if (Series.Count < 2 && Series.All(s => string.IsNullOrEmpty(s.Name))) return items;
        double x = LeftMargin;
        int row = 0;
        for (int i = 0; i < Series.Count; i++)
        {
            double w = LegendSwatch + Series[i].Name.Length * LegendCharWidth + 18;
            if (x + w > Width - RightMargin && x > LeftMargin)
            {
                row++;
                x = LeftMargin;
            }
            items.Add((i, x, row));
            x += w;
        }
        return items;
    }

    // Maximal index runs where the point (and the band, when asked) is finite: NaN breaks lines and bands.
    private static List<List<int>> FiniteRuns(ChartSeries s, bool withBand)
    {
        var runs = new List<List<int>>();
        List<int>? current = null;
        int n = Math.Min(s.X.Count, s.Y.Count);
        for (int k = 0; k < n; k++)
        {
            bool ok = double.IsFinite(s.X[k]) && (withBand
                ? double.IsFinite(s.Low![k]) && double.IsFinite(s.High![k])
                : double.IsFinite(s.Y[k]));
            if (!ok)
            {
                current = null;
                continue;
            }
            if (current is null) runs.Add(current = []);
            current.Add(k);
        }
        return runs;
    }

    private static (double Lo, double Hi) Range(IEnumerable<double> values)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (!double.IsFinite(v)) continue;
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        return lo > hi ? (0, 1) : (lo, hi);
    }
}
