using System.Globalization;
using System.Xml.Linq;

namespace Distral.Experiments.Tests;

public class ChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Theory]
    [InlineData(0, 97, 0, 100, 20)]
    [InlineData(0, 1, 0, 1, 0.2)]
    [InlineData(-27.3, 0.4, -30, 10, 10)]
    [InlineData(-0.3, 0.72, -0.5, 0.75, 0.25)]
    [InlineData(3, 3, 2.6, 3.4, 0.2)]
    public void NiceAxisPicksRoundSteps(double min, double max, double lo, double hi, double step)
    {
        var axis = ChartAxis.Nice(min, max, 6);
        Assert.Equal(step, axis.Step, 12);
        Assert.Equal(lo, axis.Min, 9);
        Assert.Equal(hi, axis.Max, 9);
    }

    [Fact]
    public void NiceAxisAlwaysCoversTheDataWithFewRoundTicks()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 2000; trial++)
        {
            double scale = Math.Pow(10, rng.Next(-4, 7));
            double a = (rng.NextDouble() * 2 - 1) * scale, b = (rng.NextDouble() * 2 - 1) * scale;
            var axis = ChartAxis.Nice(Math.Min(a, b), Math.Max(a, b), 6);
            Assert.True(axis.Min <= Math.Min(a, b) + 1e-9 * scale && axis.Max >= Math.Max(a, b) - 1e-9 * scale, $"{a} {b} -> {axis}");
            int ticks = axis.Ticks.Count;
            Assert.InRange(ticks, 2, 12);
            double mantissa = axis.Step / Math.Pow(10, Math.Floor(Math.Log10(axis.Step) + 1e-12));
            Assert.Contains(Math.Round(mantissa, 9), new[] { 1.0, 2.0, 2.5, 5.0 });
            Assert.Equal(ticks, axis.Ticks.Distinct().Count());
        }
    }

    [Fact]
    public void TickLabelsUseJustEnoughDecimalsAndNoNegativeZero()
    {
        var quarter = new ChartAxis(-0.5, 0.5, 0.25);
        Assert.Equal(["-0.50", "-0.25", "0.00", "0.25", "0.50"], quarter.Ticks.Select(quarter.Format));
        var tens = new ChartAxis(-20, 20, 10);
        Assert.Equal(["-20", "-10", "0", "10", "20"], tens.Ticks.Select(tens.Format));
        Assert.Equal("0", tens.Format(-0.0));
        var tenths = new ChartAxis(0, 0.3, 0.1);
        Assert.Equal(["0.0", "0.1", "0.2", "0.3"], tenths.Ticks.Select(tenths.Format));
    }

    [Fact]
    public void EscapeHandlesMarkupQuotesAndForbiddenCharacters()
    {
        Assert.Equal("&lt;a href=&quot;x&quot;&gt; &amp; &#39;b&#39;", SvgCanvas.Escape("<a href=\"x\"> & 'b'"));
        Assert.Equal("bell\uFFFD", SvgCanvas.Escape("bell\u0007"));
    }

    [Fact]
    public void ChartIsWellFormedXmlAndKeepsOddNamesAsText()
    {
        string name = "a<b & \"c\" 'd'\u0001";
        var chart = new SvgLineChart
        {
            Title = "T & <T>",
            XLabel = "x",
            YLabel = "y",
            Series = [new ChartSeries(name, [1, 2, 3], [1, 4, 2]), new ChartSeries("second", [1, 2, 3], [0, 1, 2]) { Dashed = true }],
            ReferenceLines = [(3.5, "optimal <3.5>")],
        };
        var doc = XDocument.Parse(chart.ToSvg());
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("T & <T>", texts);
        Assert.Contains("a<b & \"c\" 'd'\uFFFD", texts);
        Assert.Contains("optimal <3.5>", texts);
        Assert.Equal(2, doc.Descendants(Svg + "polyline").Count());
        Assert.Equal(chart.ToSvg(), chart.ToSvg());
    }

    [Fact]
    public void LineAndBandLandOnThePlotCoordinates()
    {
        double[] x = [0, 1, 2], y = [0, 1, 2];
        var chart = new SvgLineChart
        {
            Width = 564,
            Height = 320,
            Series = [new ChartSeries("s", x, y) { Low = [-1, 0, 1], High = [1, 2, 3] }],
        };
        // y axis: data -1..3 -> Nice(-1, 3) steps by 1; x axis 0..2 with integer ticks.
        Assert.Equal(new ChartAxis(-1, 3, 1), chart.YAxis());
        Assert.Equal(new ChartAxis(0, 2, 1), chart.XAxis());
        var (left, top, right, bottom) = chart.PlotArea();
        double Px(double v) => left + v / 2 * (right - left);
        double Py(double v) => bottom - (v + 1) / 4 * (bottom - top);
        var doc = XDocument.Parse(chart.ToSvg());
        var line = Points(doc.Descendants(Svg + "polyline").Single());
        Assert.Equal(x.Select((v, k) => (Px(v), Py(y[k]))), line, PointComparer);
        var band = Points(doc.Descendants(Svg + "polygon").Single());
        (double, double)[] expectedBand = [(Px(0), Py(1)), (Px(1), Py(2)), (Px(2), Py(3)), (Px(2), Py(1)), (Px(1), Py(0)), (Px(0), Py(-1))];
        Assert.Equal(expectedBand, band, PointComparer);
        Assert.Equal(["-1", "0", "1", "2", "3"], doc.Descendants(Svg + "text").Where(t => (string?)t.Attribute("text-anchor") == "end").Select(t => t.Value));
    }

    [Fact]
    public void NaNBreaksTheLineAndALonePointGetsADot()
    {
        var chart = new SvgLineChart { Series = [new ChartSeries("s", [1, 2, 3, 4], [0, double.NaN, 1, 2])] };
        var doc = XDocument.Parse(chart.ToSvg());
        Assert.Equal(2, Points(doc.Descendants(Svg + "polyline").Single()).Count);
        Assert.Single(doc.Descendants(Svg + "circle"));
    }

    [Fact]
    public void RankChartSortsEachGroupBestFirst()
    {
        var chart = SvgRankChart.Build("t", "return", [("b", "r1", 1.0), ("a", "r2", 3.0), ("a", "r3", 2.0), ("a", "r4", 5.0), ("a", "r0", 2.0)]);
        Assert.Equal(["a", "b"], chart.Series.Select(s => s.Name));
        Assert.Equal([5.0, 3.0, 2.0, 2.0], chart.Series[0].Y);
        Assert.Equal([1.0, 2.0, 3.0, 4.0], chart.Series[0].X);
        Assert.Equal(["r4: 5", "r2: 3", "r0: 2", "r3: 2"], chart.Series[0].PointTitles!);
        var doc = XDocument.Parse(chart.ToSvg());
        Assert.Equal(5, doc.Descendants(Svg + "circle").Count());
        Assert.Equal(0, chart.XAxis().Min);
    }

    [Fact]
    public void MovingAverageIsTrailingAndMeanAndSpreadUsesTheCommonLength()
    {
        Assert.Equal([1, 1.5, 2.5, 3.5], ChartCurves.MovingAverage([1, 2, 3, 4], 2));
        Assert.Equal([1, 2, 3], ChartCurves.MovingAverage([1, 2, 3], 1));
        var (mean, sd) = ChartCurves.MeanAndSpread([new double[] { 1, 2 }, new double[] { 3, 4, 5 }]);
        Assert.Equal([2.0, 3.0], mean);
        Assert.Equal(Math.Sqrt(2), sd[0], 12);
        Assert.Equal([0.0], ChartCurves.MeanAndSpread([new double[] { 7 }]).Sd);
        Assert.Equal(3, ChartCurves.SmoothingWindow(30));
        Assert.Equal(50, ChartCurves.SmoothingWindow(5000));
        Assert.Equal(1, ChartCurves.SmoothingWindow(4));
    }

    private static readonly PointEquality PointComparer = new();

    private sealed class PointEquality : IEqualityComparer<(double, double)>
    {
        // SVG numbers carry two decimals.
        public bool Equals((double, double) a, (double, double) b) => Math.Abs(a.Item1 - b.Item1) <= 0.006 && Math.Abs(a.Item2 - b.Item2) <= 0.006;
        public int GetHashCode((double, double) p) => 0;
    }

    private static List<(double, double)> Points(XElement element) =>
        [.. ((string)element.Attribute("points")!).Split(' ').Select(p =>
        {
            var xy = p.Split(',');
            return (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture));
        })];
}
